/* The shared-memory packet ring (-R, docs/protocol.md "Shared-memory
 * ring"): PACKET frames, EOF and fatal errors go into a file the library
 * created and mapped, so that a packet is copied once on its way from
 * libpcap to the JVM instead of through a pipe. The pipe stays for READY,
 * replies and wake-ups. */
#ifndef EPCAP_RING_H
#define EPCAP_RING_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caller.h"
#include "epcap.h"
#include "wire.h"

struct ring_header; /* ring_layout.h */

/* The writer's side of one ring. Zeroed: not attached. */
struct ring {
  struct ring_header *hdr; /* the mapping; NULL until attached */
  unsigned char *data;
  uint64_t capacity;
  uint64_t head;      /* our own count; the shared one is only written */
  uint64_t published; /* what the reader may see */
  uint64_t tail_seen; /* the reader's tail when we last looked */
  struct wire_out *pipe; /* where WAKE goes */
  /* We called pcap_breakloop and libpcap has not yet said
   * PCAP_ERROR_BREAK: its file reader returns the packets so far first
   * and the break on the next call. */
  bool broke;
  /* The packet that did not fit while libpcap was dispatching. */
  size_t kept_len;
  unsigned char kept[WIRE_HEADER + WIRE_PACKET_FIXED + EPCAP_MAX_SNAPLEN];
};

/* Maps the ring file at path, opened as the caller (it is theirs); WAKE
 * frames will go to pipe. False when it cannot be opened (the pipe is
 * used then); a fatal RING error when it is not a fresh ring. */
bool ring_attach(struct ring *r, const char *path, struct caller *caller,
                 struct wire_out *pipe);

bool ring_attached(const struct ring *r);

/* pcap_handler (the packet_path's `to` is the ring): appends a PACKET
 * frame. When the ring is full it keeps the packet aside and breaks the
 * dispatch loop instead of waiting inside libpcap; ring_resume() then
 * waits for room and appends it. */
void ring_on_packet(u_char *path, const struct pcap_pkthdr *h,
                    const u_char *bytes);

/* True when a packet waits for room (pcap_dispatch was broken for it). */
bool ring_pending(const struct ring *r);

/* After pcap_dispatch said PCAP_ERROR_BREAK: true when the break was
 * ring_on_packet's (so the capture goes on), and forgets it. */
bool ring_break_was_ours(struct ring *r);

/* Makes what was appended visible to the reader, and wakes it when it
 * sleeps. */
void ring_publish(struct ring *r);

/* What the loop does while it waits for room: serve requests on stdin. */
typedef void (*ring_wait_fn)(void *arg);

/* Publishes, waits (calling serve each time stdin is readable) until the
 * kept packet fits, and appends it. */
void ring_resume(struct ring *r, ring_wait_fn serve, void *arg);

/* Appends a whole frame (EOF, a fatal ERROR), waiting for room as
 * ring_resume does, and publishes. */
void ring_put_frame(struct ring *r, uint8_t type, const unsigned char *body,
                    size_t body_len, ring_wait_fn serve, void *arg);

#endif
