#include "loop.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "fatal.h"
#include "mapped_file.h"
#include "sink.h"

/* Packets per pcap_dispatch. A live batch shorter than this means the
 * kernel has nothing more for now: time to flush. */
#define LIVE_BATCH 4096
/* Batches in a row before stdin gets its turn again under full load. */
#define LIVE_BATCHES_PER_WAKEUP 16
/* Between file batches stdin is checked, so STOP and STATS work while a
 * long file is read. */
#define FILE_BATCH 4096

static void read_error(struct epcap_state *st) {
  fatal(EXIT_CAPTURE, ERR_READ_ERROR, "%s: %s", st->source,
        pcap_geterr(st->pcap));
}

/* Hands what was captured to the reader: when the kernel has nothing more
 * for now, or after a file batch. */
static void deliver(const struct epcap_state *st) {
  st->sink->ops->deliver(st->sink->ctx);
}

struct loop_ctx {
  struct epcap_state *st;
  struct packet_path *path;
};

/* While waiting for room in the ring, requests are still served. */
static void serve_requests(void *arg) {
  struct loop_ctx *c = arg;
  control_serve(c->st, c->path);
}

/* pcap_dispatch into the sink's own handler, then what the sink had to
 * leave for after it (a packet waiting for room in the ring). */
static int dispatch(struct epcap_state *st, struct packet_path *path,
                    int count) {
  const struct frame_sink *to = st->sink;
  struct loop_ctx ctx = {st, path};
  int r = pcap_dispatch(st->pcap, count, to->ops->on_packet, (u_char *)path);

  return to->ops->after_dispatch(to->ctx, r, count, serve_requests, &ctx);
}

static void drain_live(struct epcap_state *st, struct packet_path *path) {
  for (int i = 0; i < LIVE_BATCHES_PER_WAKEUP; i++) {
    int r = dispatch(st, path, LIVE_BATCH);

    if (r == PCAP_ERROR_BREAK)
      break;
    if (r < 0)
      read_error(st);
    if (r < LIVE_BATCH)
      break;
  }
  deliver(st);
}

static noreturn void run_live(struct epcap_state *st,
                              struct packet_path *path) {
  struct pollfd fds[2];
  /* Immediate mode and "infinity" wait for the kernel; a read timeout
   * also bounds our wait so a partly filled kernel block is collected. */
  int timeout = st->opt.timeout_ms > 0 ? st->opt.timeout_ms : -1;
  int fd;

  fd = pcap_get_selectable_fd(st->pcap);
  if (fd < 0)
    fatal(EXIT_CAPTURE, ERR_CAPTURE_ERROR, "%s has no selectable fd",
          st->source);

  fds[0] = (struct pollfd){.fd = fd, .events = POLLIN};
  fds[1] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};

  for (;;) {
    /* Requests read while stdout was full are answered without waiting. */
    int n = poll(fds, 2, control_pending(st->in) ? 0 : timeout);

    if (n < 0) {
      if (errno == EINTR)
        continue;
      fatal(EXIT_CAPTURE, ERR_INTERNAL, "poll: %s", strerror(errno));
    }
    if (fds[0].revents & POLLNVAL)
      fatal(EXIT_CAPTURE, ERR_READ_ERROR, "%s: capture descriptor closed",
            st->source);
    if (n == 0 || fds[0].revents != 0)
      drain_live(st, path);
    if (fds[1].revents != 0 || control_pending(st->in))
      control_serve(st, path);
  }
}

static int stdin_ready(void) {
  struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
  return poll(&pfd, 1, 0) > 0;
}

static noreturn void run_file(struct epcap_state *st,
                              struct packet_path *path) {
  struct loop_ctx ctx = {st, path};

  for (;;) {
    int r = dispatch(st, path, FILE_BATCH);

    if (r < 0)
      read_error(st);
    if (r == 0)
      break;
    deliver(st); /* a filter that matches rarely must not hold packets back */
    mapped_file_release_behind(pcap_file(st->pcap));
    if (stdin_ready() || control_pending(st->in))
      control_serve(st, path);
  }
  st->sink->ops->put_eof(st->sink->ctx, serve_requests, &ctx);
  exit(EXIT_DONE);
}

noreturn void loop_run(struct epcap_state *st) {
  struct packet_path path = {
      .captured = 0,
      .ts_scale = st->precision == PCAP_TSTAMP_PRECISION_NANO ? 1 : 1000,
      .pcap = st->pcap,
      .to = st->sink->ctx,
  };

  if (st->opt.file != NULL)
    run_file(st, &path);
  run_live(st, &path);
}
