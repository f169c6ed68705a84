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

#include "epcap.h"
#include "wire.h"

/* Maps the ring file at path, opened as the caller (it is theirs). False
 * when it cannot be opened (the pipe is used then); a fatal RING error
 * when it is not a fresh ring. */
bool ring_attach(const char *path, const struct identity *caller);

bool ring_attached(void);

/* pcap_handler: appends a PACKET frame. When the ring is full it keeps the
 * packet aside and breaks the dispatch loop instead of waiting inside
 * libpcap; ring_resume() then waits for room and appends it. */
void ring_on_packet(u_char *sink, const struct pcap_pkthdr *h,
                    const u_char *bytes);

/* True when a packet waits for room (pcap_dispatch was broken for it). */
bool ring_pending(void);

/* After pcap_dispatch said PCAP_ERROR_BREAK: true when the break was
 * ring_on_packet's (so the capture goes on), and forgets it. */
bool ring_break_was_ours(void);

/* Makes what was appended visible to the reader, and wakes it when it
 * sleeps. */
void ring_publish(void);

/* What the loop does while it waits for room: serve requests on stdin. */
typedef void (*ring_wait_fn)(void *arg);

/* Publishes, waits (calling serve each time stdin is readable) until the
 * kept packet fits, and appends it. */
void ring_resume(ring_wait_fn serve, void *arg);

/* Appends a whole frame (EOF, a fatal ERROR), waiting for room as
 * ring_resume does, and publishes. */
void ring_put_frame(uint8_t type, const unsigned char *body, size_t body_len,
                    ring_wait_fn serve, void *arg);

#endif
