/* Requests from the library on stdin: STATS_REQUEST, SET_FILTER, INJECT,
 * STOP, RING_WAKE. The replies go to the pipe (st->out). */
#ifndef EPCAP_CONTROL_H
#define EPCAP_CONTROL_H

#include "epcap.h"
#include "wire.h"

/* What has come in on stdin and is not yet a whole request. */
struct control_in {
  /* Room for one whole frame of the largest size: whatever stays after
   * the complete frames are taken out is less than that. */
  unsigned char buf[4 + WIRE_MAX_FRAME];
  size_t used;
  /* SET_FILTER's expression with its terminating NUL. */
  char filter_text[WIRE_MAX_FRAME];
};

/* Reads what stdin has (call it when poll says stdin is readable) and
 * answers every complete request, flushing the replies at once. Frames
 * may arrive split across reads. A malformed frame is a fatal PROTOCOL
 * error (exit 3); STOP and a closed stdin end the process (exit 0). */
void control_serve(struct epcap_state *st, const struct packet_path *path);

#endif
