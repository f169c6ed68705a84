/* The command line: the Erlang epcap switches plus -n -L -C -a -c. */
#ifndef EPCAP_OPTIONS_H
#define EPCAP_OPTIONS_H

#include "epcap.h"

/* Fills opt from argv. A bad value is a fatal BAD_OPTION ERROR frame
 * (exit 1); -h prints the usage on stderr (exit 2). */
void options_parse(int argc, char *argv[], struct epcap_options *opt);

#endif
