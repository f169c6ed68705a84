/* The wire protocol of docs/protocol.md: frame types, error codes, exit
 * statuses, and the batched writer of frames to stdout (the pipe). */
#ifndef EPCAP_WIRE_H
#define EPCAP_WIRE_H

#include <endian.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <string.h>

#include "epcap.h"

/* The largest length field either side accepts. */
#define WIRE_MAX_FRAME (EPCAP_MAX_SNAPLEN + 64)
/* The largest body after the type byte. */
#define WIRE_MAX_BODY (WIRE_MAX_FRAME - 1)
/* length (4) + type (1) */
#define WIRE_HEADER 5

/* The protocol's version, in READY: the library refuses a port that speaks
 * another. Raised whenever a frame's layout or meaning changes. */
#define WIRE_PROTOCOL_VERSION 1
/* ts_sec (8) + ts_nsec (4) + wire_length (4) */
#define WIRE_PACKET_FIXED 16

enum frame_type {
  FRAME_READY = 0x01,
  FRAME_PACKET = 0x02,
  FRAME_EOF = 0x03,
  FRAME_ERROR = 0x04,
  FRAME_STATS = 0x05,
  FRAME_FILTER_OK = 0x06,
  FRAME_INJECTED = 0x07,
  FRAME_INTERFACE = 0x08,
  FRAME_STOPPED = 0x09,
  FRAME_WAKE = 0x0a,
  FRAME_TYPES = 0x0b,

  FRAME_STATS_REQUEST = 0x81,
  FRAME_SET_FILTER = 0x82,
  FRAME_INJECT = 0x83,
  FRAME_STOP = 0x84,
  FRAME_RING_WAKE = 0x85,
};

enum error_code {
  ERR_BAD_OPTION = 1,
  ERR_NO_SUCH_DEVICE = 2,
  ERR_PERMISSION_DENIED = 3,
  ERR_BAD_FILTER = 4,
  ERR_FILE_ERROR = 5,
  ERR_CAPTURE_ERROR = 6,
  ERR_PRIVDROP = 7,
  ERR_RESTRICT = 8,
  ERR_INJECT_DISABLED = 9,
  ERR_INJECT_FAILED = 10,
  ERR_PROTOCOL = 11,
  ERR_READ_ERROR = 12,
  ERR_PROMISC_PERM_DENIED = 13,
  ERR_RFMON_NOT_SUPPORTED = 14,
  ERR_IFACE_NOT_UP = 15,
  ERR_INTERNAL = 16,
  ERR_RING = 17,
  ERR_LINK_TYPE_NOT_SUPPORTED = 18,
  ERR_TSTAMP_TYPE_NOT_SUPPORTED = 19,
};

enum exit_status {
  EXIT_DONE = 0,     /* EOF, STOPPED, or stdin closed */
  EXIT_STARTUP = 1,  /* fatal ERROR before READY */
  EXIT_USAGE = 2,    /* -h */
  EXIT_PROTOCOL = 3, /* malformed frame on stdin */
  EXIT_CAPTURE = 4,  /* fatal error while capturing, or stdout is gone */
};

static inline unsigned char *put_u8(unsigned char *p, uint8_t v) {
  *p = v;
  return p + 1;
}

static inline unsigned char *put_u16(unsigned char *p, uint16_t v) {
  v = htobe16(v);
  memcpy(p, &v, sizeof(v));
  return p + sizeof(v);
}

static inline unsigned char *put_u32(unsigned char *p, uint32_t v) {
  v = htobe32(v);
  memcpy(p, &v, sizeof(v));
  return p + sizeof(v);
}

static inline unsigned char *put_u64(unsigned char *p, uint64_t v) {
  v = htobe64(v);
  memcpy(p, &v, sizeof(v));
  return p + sizeof(v);
}

static inline uint32_t get_u32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, sizeof(v));
  return be32toh(v);
}

/* A str16 field: 2-byte length, then the bytes (cut at 65535). */
unsigned char *put_str16(unsigned char *p, const char *s);
size_t str16_size(const char *s);

/* The packet path, as the sink's pcap_handler sees it (the `user`
 * argument of pcap_dispatch): where PACKET frames are counted, how their
 * timestamps are scaled, and where they go. */
struct packet_path {
  uint64_t captured; /* PACKET frames appended so far */
  uint32_t ts_scale; /* 1000 for microsecond precision, 1 for nanosecond */
  pcap_t *pcap;      /* for pcap_breakloop when the ring is full */
  void *to;          /* the chosen sink's own state (sink.h): the struct
                      * wire_out of wire_on_packet, the struct ring of
                      * ring_on_packet */
};

/* The pipe's batch buffer: frames wait here until a flush writes them to
 * stdout. Every append first writes the buffer out if it holds more than
 * WIRE_OUT_FLUSH_MARK, so what stays free is always more than the largest
 * frame and an append never has to check for room. */
#define WIRE_OUT_CAPACITY (1U << 20)
#define WIRE_OUT_FLUSH_MARK (WIRE_OUT_CAPACITY / 2)

_Static_assert(WIRE_OUT_CAPACITY - WIRE_OUT_FLUSH_MARK >
                   WIRE_HEADER + WIRE_MAX_FRAME,
               "a frame must always fit after the flush mark");

struct stdin_buffer;

struct wire_out {
  size_t used;
  /* Where requests go that arrive while stdout is full (stdin_buffer.h);
   * NULL: stdin is left alone then. */
  struct stdin_buffer *absorb;
  /* Aligned: the kernel's copy out of a misaligned buffer doubled the
   * system time of a file capture (native/test/ab_bench.py). */
  _Alignas(64) unsigned char buf[WIRE_OUT_CAPACITY];
};

/* A few link types (D-Bus, USBPcap) allow larger packets than a frame may
 * carry; the wire length still tells the truth. */
static inline uint32_t wire_caplen(const struct pcap_pkthdr *h) {
  return h->caplen > EPCAP_MAX_SNAPLEN ? EPCAP_MAX_SNAPLEN : h->caplen;
}

/* The whole PACKET frame for h (WIRE_HEADER + WIRE_PACKET_FIXED + caplen
 * bytes) at p; returns its end. */
static inline unsigned char *wire_put_packet(unsigned char *p,
                                             const struct packet_path *path,
                                             const struct pcap_pkthdr *h,
                                             const u_char *bytes,
                                             uint32_t caplen) {
  /* A file may hold a sub-second field of a second or more, or libpcap a
   * negative one: carry it into the seconds in 64 bits, as libpcap's own
   * arithmetic would, instead of letting the scaling wrap. */
  int64_t ns = (int64_t)h->ts.tv_usec * path->ts_scale;
  int64_t sec = (int64_t)h->ts.tv_sec;

  /* The division and remainder were a third of the ring writer's time per
   * small packet (perf), and only a bad file needs them. */
  if (ns < 0 || ns >= 1000000000) {
    sec += ns / 1000000000;
    ns %= 1000000000;
    if (ns < 0) {
      ns += 1000000000;
      sec--;
    }
  }
  p = put_u32(p, 1 + WIRE_PACKET_FIXED + caplen);
  p = put_u8(p, FRAME_PACKET);
  p = put_u64(p, (uint64_t)sec);
  p = put_u32(p, (uint32_t)ns);
  p = put_u32(p, h->len);
  memcpy(p, bytes, caplen);
  return p + caplen;
}

/* pcap_handler that appends one PACKET frame to the output buffer (the
 * packet_path's `to`). */
void wire_on_packet(u_char *path, const struct pcap_pkthdr *h,
                    const u_char *bytes);

/* Opens a frame of the given body length in the output buffer and returns
 * where its body goes; the caller fills exactly body_len bytes. A body
 * over WIRE_MAX_BODY is the port's own bug: a fatal INTERNAL error, never
 * a write past the buffer or a frame the reader must refuse. */
unsigned char *wire_begin(struct wire_out *o, uint8_t type, size_t body_len);

/* Writes out whatever the buffer holds (a full, blocking write). A write
 * error means the reader is gone: the port exits with EXIT_CAPTURE. */
void wire_flush(struct wire_out *o);

/* Writes all n bytes to fd (through EINTR, and waiting on a non-blocking
 * descriptor); 0, or -1 with errno set. */
int write_full(int fd, const void *buf, size_t n);

/* The largest ERROR body: request id, code, fatal flag, message. */
#define WIRE_ERROR_MAX_MESSAGE 4096
#define WIRE_ERROR_MAX_BODY (4 + 2 + 1 + WIRE_ERROR_MAX_MESSAGE)

/* An ERROR body at p (at most WIRE_ERROR_MAX_BODY bytes; the message is
 * cut there); returns its length. */
size_t wire_error_body(unsigned char *p, uint32_t request_id,
                       enum error_code code, int fatal, const char *msg);

void wire_error(struct wire_out *o, uint32_t request_id, enum error_code code,
                int fatal, const char *msg);

void wire_empty_frame(struct wire_out *o, uint8_t type);
void wire_request_reply(struct wire_out *o, uint8_t type, uint32_t request_id);

#endif
