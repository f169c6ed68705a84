#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include "fatal.h"
#include "stdin_buffer.h"

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

/* Waits until stdout takes more (main.c made it non-blocking), reading
 * requests into o->absorb meanwhile: the library's reader may be writing
 * one from inside a packet handler, and reads stdout only after. */
static void await_stdout(struct wire_out *o) {
  struct pollfd fds[2] = {{.fd = STDOUT_FILENO, .events = POLLOUT},
                          {.fd = STDIN_FILENO, .events = POLLIN}};
  bool listen = o->absorb != NULL && stdin_buffer_open(o->absorb);

  if (poll(fds, listen ? 2 : 1, -1) > 0 && listen && fds[1].revents != 0)
    stdin_buffer_read(o->absorb);
}

void wire_flush(struct wire_out *o) {
  const unsigned char *p = o->buf;
  size_t n = o->used;

  while (n > 0) {
    ssize_t w = write(STDOUT_FILENO, p, n);

    if (w > 0) {
      p += w;
      n -= (size_t)w;
    } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      await_stdout(o);
    } else if (!(w < 0 && errno == EINTR)) {
      /* EPIPE or worse: nobody reads us any more, so nobody can be told. */
      _exit(EXIT_CAPTURE);
    }
  }
  o->used = 0;
}

unsigned char *wire_begin(struct wire_out *o, uint8_t type, size_t body_len) {
  unsigned char *p;

  if (body_len > WIRE_MAX_BODY)
    fatal(EXIT_CAPTURE, ERR_INTERNAL,
          "a frame of type 0x%02x would have a %zu-byte body, over the "
          "protocol's %u", type, body_len, (unsigned)WIRE_MAX_BODY);
  if (o->used > WIRE_OUT_FLUSH_MARK)
    wire_flush(o);

  p = o->buf + o->used;
  p = put_u32(p, (uint32_t)(body_len + 1));
  p = put_u8(p, type);
  o->used += WIRE_HEADER + body_len;
  return p;
}

void wire_on_packet(u_char *user, const struct pcap_pkthdr *h,
                    const u_char *bytes) {
  struct packet_path *path = (struct packet_path *)user;
  struct wire_out *o = path->to;
  uint32_t caplen = wire_caplen(h);
  unsigned char *p;

  if (o->used > WIRE_OUT_FLUSH_MARK)
    wire_flush(o);
  p = wire_put_packet(o->buf + o->used, path, h, bytes, caplen);
  o->used = (size_t)(p - o->buf);
  path->captured++;
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

size_t wire_error_body(unsigned char *p, uint32_t request_id,
                       enum error_code code, int fatal, const char *msg) {
  size_t n = strnlen(msg, WIRE_ERROR_MAX_MESSAGE);

  p = put_u32(p, request_id);
  p = put_u16(p, (uint16_t)code);
  p = put_u8(p, fatal ? 1 : 0);
  memcpy(p, msg, n);
  return 4 + 2 + 1 + n;
}

void wire_error(struct wire_out *o, uint32_t request_id, enum error_code code,
                int fatal, const char *msg) {
  unsigned char body[WIRE_ERROR_MAX_BODY];
  size_t n = wire_error_body(body, request_id, code, fatal, msg);

  memcpy(wire_begin(o, FRAME_ERROR, n), body, n);
}

void wire_empty_frame(struct wire_out *o, uint8_t type) {
  (void)wire_begin(o, type, 0);
}

void wire_request_reply(struct wire_out *o, uint8_t type,
                        uint32_t request_id) {
  (void)put_u32(wire_begin(o, type, 4), request_id);
}
