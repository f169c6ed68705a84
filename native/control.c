#include "control.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "fatal.h"
#include "log.h"

#define protocol_error(...) fatal(EXIT_PROTOCOL, ERR_PROTOCOL, __VA_ARGS__)

static void stats(struct epcap_state *st, const struct packet_path *path,
                  uint32_t id) {
  struct pcap_stat ps;
  int have = 0;
  unsigned char *p;

  memset(&ps, 0, sizeof(ps));
  if (st->opt.file == NULL) {
    have = pcap_stats(st->pcap, &ps) == 0;
    if (!have) {
      log_msg(1, "pcap_stats: %s", pcap_geterr(st->pcap));
      memset(&ps, 0, sizeof(ps));
    }
  }

  p = wire_begin(st->out, FRAME_STATS, 4 + 8 * 4 + 1);
  p = put_u32(p, id);
  p = put_u64(p, path->captured);
  p = put_u64(p, ps.ps_recv);
  p = put_u64(p, ps.ps_drop);
  p = put_u64(p, ps.ps_ifdrop);
  (void)put_u8(p, have ? 1 : 0);
}

static void set_filter(struct epcap_state *st, uint32_t id,
                       const unsigned char *text, size_t n) {
  char err[PCAP_ERRBUF_SIZE + 64];
  char *filter_text = st->in->filter_text;

  if (memchr(text, '\0', n) != NULL) {
    wire_error(st->out, id, ERR_BAD_FILTER, 0,
               "the filter contains a NUL byte");
    return;
  }
  memcpy(filter_text, text, n);
  filter_text[n] = '\0';

  if (capture_set_filter(st->pcap, filter_text, st->netmask, err,
                         sizeof(err)) < 0) {
    log_msg(1, "filter '%s': %s", filter_text, err);
    wire_error(st->out, id, ERR_BAD_FILTER, 0, err);
    return;
  }
  log_msg(1, "filter now '%s'", filter_text);
  wire_request_reply(st->out, FRAME_FILTER_OK, id);
}

static void inject(struct epcap_state *st, uint32_t id,
                   const unsigned char *bytes, size_t n) {
  unsigned char *p;
  int sent;

  if (!st->opt.inject) {
    wire_error(st->out, id, ERR_INJECT_DISABLED, 0,
               "injection is disabled: the port was started without -X");
    return;
  }
  sent = pcap_inject(st->pcap, bytes, n);
  if (sent < 0) {
    wire_error(st->out, id, ERR_INJECT_FAILED, 0, pcap_geterr(st->pcap));
    return;
  }
  p = wire_begin(st->out, FRAME_INJECTED, 8);
  p = put_u32(p, id);
  (void)put_u32(p, (uint32_t)sent);
}

static noreturn void stop(struct wire_out *out) {
  wire_empty_frame(out, FRAME_STOPPED);
  wire_flush(out);
  exit(EXIT_DONE);
}

/* One complete frame; body_len is its length field minus the type byte. */
static void handle(struct epcap_state *st, const struct packet_path *path,
                   uint8_t type, const unsigned char *body, size_t body_len) {
  switch (type) {
  case FRAME_STATS_REQUEST:
    if (body_len != 4)
      protocol_error("STATS_REQUEST body is %zu bytes, not 4", body_len);
    stats(st, path, get_u32(body));
    return;
  case FRAME_SET_FILTER:
    if (body_len < 4)
      protocol_error("SET_FILTER body is %zu bytes, less than 4", body_len);
    set_filter(st, get_u32(body), body + 4, body_len - 4);
    return;
  case FRAME_INJECT:
    if (body_len < 4)
      protocol_error("INJECT body is %zu bytes, less than 4", body_len);
    inject(st, get_u32(body), body + 4, body_len - 4);
    return;
  case FRAME_STOP:
    if (body_len != 0)
      protocol_error("STOP body is %zu bytes, not empty", body_len);
    stop(st->out);
  case FRAME_RING_WAKE:
    /* The reader made room in the ring; waking was all it was for. */
    if (body_len != 0)
      protocol_error("RING_WAKE body is %zu bytes, not empty", body_len);
    return;
  default:
    protocol_error("unknown request type 0x%02x", type);
  }
}

bool control_pending(const struct control_in *in) {
  const struct stdin_buffer *b = &in->req;

  return b->at_end ||
         (b->used >= WIRE_HEADER && b->used >= 4 + (size_t)get_u32(b->buf));
}

void control_serve(struct epcap_state *st, const struct packet_path *path) {
  struct stdin_buffer *in = &st->in->req;
  size_t off = 0;

  stdin_buffer_read(in);
  /* A reply's flush may read more into the buffer (wire.c): the loop sees
   * it, and nothing before in->used moves until the loop is done. */
  while (in->used - off >= WIRE_HEADER) {
    uint32_t len = get_u32(in->buf + off);
    uint8_t type = in->buf[off + 4];

    if (len == 0 || len > WIRE_MAX_FRAME)
      protocol_error("request frame length %u is outside 1..%u", len,
                     WIRE_MAX_FRAME);
    if (type < FRAME_STATS_REQUEST || type > FRAME_RING_WAKE)
      protocol_error("unknown request type 0x%02x", type);
    if (in->used - off < 4 + (size_t)len)
      break; /* the rest of this frame is still on its way */

    handle(st, path, type, in->buf + off + WIRE_HEADER, len - 1);
    off += 4 + (size_t)len;
  }

  if (off > 0) {
    memmove(in->buf, in->buf + off, in->used - off);
    in->used -= off;
    wire_flush(st->out); /* replies go out at once */
  }
  if (in->at_end) {
    /* The library is gone; nobody is left to tell. */
    log_msg(1, "stdin closed, exiting");
    exit(EXIT_DONE);
  }
}
