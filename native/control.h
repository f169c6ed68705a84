/* Requests from the library on stdin: STATS_REQUEST, SET_FILTER, INJECT,
 * STOP. */
#ifndef EPCAP_CONTROL_H
#define EPCAP_CONTROL_H

#include "epcap.h"
#include "wire.h"

/* Reads what stdin has (call it when poll says stdin is readable) and
 * answers every complete request, flushing the replies at once. Frames
 * may arrive split across reads. A malformed frame is a fatal PROTOCOL
 * error (exit 3); STOP and a closed stdin end the process (exit 0). */
void control_serve(struct epcap_state *st, const struct packet_sink *sink);

#endif
