#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "ring.h"

#define OUT_CAPACITY (1U << 20)
/* Every append first writes the buffer out if it holds more than this, so
 * what stays free is always more than the largest frame and an append
 * never has to check for room. */
#define OUT_FLUSH_MARK (OUT_CAPACITY / 2)

_Static_assert(OUT_CAPACITY - OUT_FLUSH_MARK > WIRE_HEADER + WIRE_MAX_FRAME,
               "a frame must always fit after the flush mark");

static unsigned char out[OUT_CAPACITY];
static size_t out_used;
/* After READY with a ring, a fatal error follows the packets into it. */
static bool fatal_to_ring;

void wire_fatal_to_ring(void) { fatal_to_ring = true; }

int write_full(int fd, const void *buf, size_t n) {
  const unsigned char *p = buf;

  while (n > 0) {
    ssize_t w = write(fd, p, n);

    if (w > 0) {
      p += w;
      n -= (size_t)w;
      continue;
    }
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      /* the descriptor was handed to us non-blocking: wait, do not spin */
      struct pollfd pfd = {.fd = fd, .events = POLLOUT};
      (void)poll(&pfd, 1, -1);
      continue;
    }
    return -1;
  }
  return 0;
}

void wire_flush(void) {
  if (out_used == 0)
    return;
  /* EPIPE or worse: nobody reads us any more, so nobody can be told. */
  if (write_full(STDOUT_FILENO, out, out_used) < 0)
    _exit(EXIT_CAPTURE);
  out_used = 0;
}

unsigned char *wire_begin(uint8_t type, size_t body_len) {
  unsigned char *p;

  if (body_len > WIRE_MAX_BODY)
    wire_die(EXIT_CAPTURE, ERR_INTERNAL,
             "a frame of type 0x%02x would have a %zu-byte body, over the "
             "protocol's %u", type, body_len, (unsigned)WIRE_MAX_BODY);
  if (out_used > OUT_FLUSH_MARK)
    wire_flush();

  p = out + out_used;
  p = put_u32(p, (uint32_t)(body_len + 1));
  p = put_u8(p, type);
  out_used += WIRE_HEADER + body_len;
  return p;
}

void wire_on_packet(u_char *user, const struct pcap_pkthdr *h,
                    const u_char *bytes) {
  struct packet_sink *sink = (struct packet_sink *)user;
  uint32_t caplen = wire_caplen(h);
  unsigned char *p;

  if (out_used > OUT_FLUSH_MARK)
    wire_flush();
  p = wire_put_packet(out + out_used, sink, h, bytes, caplen);
  out_used = (size_t)(p - out);
  sink->captured++;
}

size_t str16_size(const char *s) {
  size_t n = strlen(s);
  return 2 + (n > UINT16_MAX ? UINT16_MAX : n);
}

unsigned char *put_str16(unsigned char *p, const char *s) {
  size_t n = str16_size(s) - 2;

  p = put_u16(p, (uint16_t)n);
  memcpy(p, s, n);
  return p + n;
}

/* An ERROR body: request id, code, fatal flag, the message (cut at 4096). */
static size_t error_body(unsigned char *p, uint32_t request_id,
                         enum error_code code, int fatal, const char *msg) {
  size_t n = strnlen(msg, 4096);

  p = put_u32(p, request_id);
  p = put_u16(p, (uint16_t)code);
  p = put_u8(p, fatal ? 1 : 0);
  memcpy(p, msg, n);
  return 4 + 2 + 1 + n;
}

void wire_error(uint32_t request_id, enum error_code code, int fatal,
                const char *msg) {
  unsigned char body[4 + 2 + 1 + 4096];
  size_t n = error_body(body, request_id, code, fatal, msg);

  memcpy(wire_begin(FRAME_ERROR, n), body, n);
}

noreturn void wire_die(enum exit_status status, enum error_code code,
                       const char *fmt, ...) {
  char msg[4096];
  va_list ap;

  va_start(ap, fmt);
  (void)vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);

  log_msg(0, "%s", msg);
  if (fatal_to_ring && ring_attached()) {
    unsigned char body[4 + 2 + 1 + 4096];
    size_t n = error_body(body, 0, code, 1, msg);

    wire_flush(); /* replies first, as they were sent first */
    ring_put_frame(FRAME_ERROR, body, n, NULL, NULL);
  } else {
    wire_error(0, code, 1, msg);
    wire_flush();
  }
  exit(status);
}

void wire_empty_frame(uint8_t type) { (void)wire_begin(type, 0); }

void wire_request_reply(uint8_t type, uint32_t request_id) {
  (void)put_u32(wire_begin(type, 4), request_id);
}
