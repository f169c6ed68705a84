/* Where PACKET frames, EOF and a fatal ERROR go (docs/protocol.md,
 * "Shared-memory ring"): the pipe (sink_pipe.c) or the shared-memory ring
 * (sink_ring.c), chosen once, when READY is sent. READY, replies and WAKE
 * always go to the pipe (wire.h), whichever sink is chosen. */
#ifndef EPCAP_SINK_H
#define EPCAP_SINK_H

#include <pcap/pcap.h>

#include "wire.h"

struct ring;

/* What the port does while it waits for room: serve requests on stdin.
 * NULL: stdin is only watched for its end. */
typedef void (*sink_wait_fn)(void *arg);

/* Called per batch or once, never per packet, except on_packet, which
 * the loop hands to pcap_dispatch as it is. */
struct frame_sink_ops {
  /* pcap_dispatch's callback; its user argument is a struct packet_path
   * whose `to` is the sink's ctx. */
  pcap_handler on_packet;
  /* Hands what was appended to the reader: at the end of a batch, and
   * before the port waits. */
  void (*deliver)(void *ctx);
  /* After pcap_dispatch(count) returned r: finishes what the dispatch
   * could not (a packet kept aside for room) and returns what the loop
   * takes as the dispatch's result (count for a break of the sink's own,
   * which is not an end). */
  int (*after_dispatch)(void *ctx, int r, int count, sink_wait_fn serve,
                        void *arg);
  /* EOF, behind every packet, delivered. */
  void (*put_eof)(void *ctx, sink_wait_fn serve, void *arg);
  /* The fatal ERROR, behind everything sent so far, delivered. */
  void (*put_fatal)(void *ctx, enum error_code code, const char *msg);
};

struct frame_sink {
  const struct frame_sink_ops *ops;
  void *ctx; /* the struct wire_out of the pipe, or the struct ring */
};

/* The pipe: every frame into the batch buffer `out`, flushed per batch. */
void sink_pipe_init(struct frame_sink *s, struct wire_out *out);

/* The attached ring: PACKET, EOF and the fatal ERROR into it; the pipe
 * (the ring's own wire_out) keeps READY, replies and WAKE. */
void sink_ring_init(struct frame_sink *s, struct ring *ring);

#endif
