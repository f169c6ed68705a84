/* Process restriction, the last step before READY. One mode per file
 * (restrict_<mode>.c), chosen at link time by the Makefile's
 * RESTRICT_PROCESS; each file defines both names below. */
#ifndef EPCAP_RESTRICT_H
#define EPCAP_RESTRICT_H

#include "epcap.h"

/* The mode's name as READY and `epcap -h` report it. */
extern const char restrict_mode[];

/* Locks the process down for the event loop: after this it may only read
 * packets, serve stdin and write stdout. Returns 0, or -1 with errno set
 * (the caller sends the fatal RESTRICT error). */
int restrict_process(const struct epcap_state *st);

#endif
