/* The one place the release is compiled in, so that a test build can
 * make a port of another release by rebuilding this file alone. */
#include "epcap.h"

/* version.h: written by the Makefile from the root pom's version; a test
 * build defines EPCAP_VERSION itself. */
#ifndef EPCAP_VERSION
#include "version.h"
#endif

const char epcap_release[] = EPCAP_VERSION;
