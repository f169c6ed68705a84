/* The event loop: packets from libpcap and requests from stdin, served
 * together until EOF, STOP, a closed stdin, or a fatal error. */
#ifndef EPCAP_LOOP_H
#define EPCAP_LOOP_H

#include <stdnoreturn.h>

#include "epcap.h"

noreturn void loop_run(struct epcap_state *st);

#endif
