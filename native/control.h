/* Requests from the library on stdin: STATS_REQUEST, SET_FILTER, INJECT,
 * STOP, RING_WAKE. The replies go to the pipe (st->out). */
#ifndef EPCAP_CONTROL_H
#define EPCAP_CONTROL_H

#include "epcap.h"
#include "stdin_buffer.h"
#include "wire.h"

struct control_in {
  struct stdin_buffer req; /* what has come in and is not yet handled */
  /* SET_FILTER's expression with its terminating NUL. */
  char filter_text[WIRE_MAX_FRAME];
};

/* Reads what stdin has now (never waits) and answers every complete
 * request, including those read while stdout was full, flushing the
 * replies at once. Frames may arrive split across reads. A malformed frame
 * is a fatal PROTOCOL error (exit 3); STOP and a closed stdin end the
 * process (exit 0). */
void control_serve(struct epcap_state *st, const struct packet_path *path);

/* True when control_serve has something to do without reading: a whole
 * request, or the end of stdin, is already buffered. */
bool control_pending(const struct control_in *in);

#endif
