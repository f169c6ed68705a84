/* The pipe as the sink: packets are batched in the wire_out buffer and
 * written to stdout once per batch. */
#include "sink.h"

static void deliver(void *ctx) { wire_flush(ctx); }

static int after_dispatch(void *ctx, int r, int count, sink_wait_fn serve,
                          void *arg) {
  (void)ctx, (void)count, (void)serve, (void)arg;
  return r;
}

static void put_eof(void *ctx, sink_wait_fn serve, void *arg) {
  (void)serve, (void)arg;
  wire_empty_frame(ctx, FRAME_EOF);
  wire_flush(ctx);
}

static void put_fatal(void *ctx, enum error_code code, const char *msg) {
  wire_error(ctx, 0, code, 1, msg);
  wire_flush(ctx);
}

static const struct frame_sink_ops pipe_ops = {
    .on_packet = wire_on_packet,
    .deliver = deliver,
    .after_dispatch = after_dispatch,
    .put_eof = put_eof,
    .put_fatal = put_fatal,
};

void sink_pipe_init(struct frame_sink *s, struct wire_out *out) {
  s->ops = &pipe_ops;
  s->ctx = out;
}
