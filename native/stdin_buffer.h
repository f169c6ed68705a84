/* Request bytes read from stdin and not yet handled. Filled by control.c
 * when it serves requests, and by wire.c while stdout is full: the
 * library's reader may be writing a request from inside a packet handler
 * and will read our stdout only after, so we go on reading stdin while we
 * wait for it (epcap's PortChannel.ABSORBED counts on this buffer's size). */
#ifndef EPCAP_STDIN_BUFFER_H
#define EPCAP_STDIN_BUFFER_H

#include <stdbool.h>
#include <stddef.h>

#include "wire.h"

struct stdin_buffer {
  /* Room for one whole frame of the largest size: whatever stays after
   * the complete frames are taken out is less than that. */
  unsigned char buf[4 + WIRE_MAX_FRAME];
  size_t used;
  bool at_end; /* stdin has closed, or failed: nothing more will come */
};

/* Reads once into the free room when stdin has bytes now (never waits).
 * Sets at_end when stdin has closed. */
void stdin_buffer_read(struct stdin_buffer *b);

/* True when a read could add something: room, and stdin still open. */
static inline bool stdin_buffer_open(const struct stdin_buffer *b) {
  return !b->at_end && b->used < sizeof(b->buf);
}

#endif
