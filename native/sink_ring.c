/* The shared-memory ring as the sink (ring.c): packets, EOF and the fatal
 * ERROR go into the ring, published per batch; the pipe keeps the rest. */
#include "sink.h"

#include "ring.h"

static void deliver(void *ctx) { ring_publish(ctx); }

/* A packet that found the ring full broke the dispatch: it goes in once
 * there is room, and that break is not the end of the capture. */
static int after_dispatch(void *ctx, int r, int count, sink_wait_fn serve,
                          void *arg) {
  struct ring *ring = ctx;

  if (ring_pending(ring))
    ring_resume(ring, serve, arg);
  if (r == PCAP_ERROR_BREAK && ring_break_was_ours(ring))
    return count;
  return r;
}

static void put_eof(void *ctx, sink_wait_fn serve, void *arg) {
  ring_put_frame(ctx, FRAME_EOF, NULL, 0, serve, arg);
}

static void put_fatal(void *ctx, enum error_code code, const char *msg) {
  struct ring *ring = ctx;
  unsigned char body[WIRE_ERROR_MAX_BODY];
  size_t n = wire_error_body(body, 0, code, 1, msg);

  wire_flush(ring->pipe); /* replies first, as they were sent first */
  ring_put_frame(ring, FRAME_ERROR, body, n, NULL, NULL);
}

static const struct frame_sink_ops ring_ops = {
    .on_packet = ring_on_packet,
    .deliver = deliver,
    .after_dispatch = after_dispatch,
    .put_eof = put_eof,
    .put_fatal = put_fatal,
};

void sink_ring_init(struct frame_sink *s, struct ring *ring) {
  s->ops = &ring_ops;
  s->ctx = ring;
}
