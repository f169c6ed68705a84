/* The shared-memory ring's layout (docs/protocol.md, "Shared-memory ring"):
 * defined here once. The library's copy (org.epcap.SharedRing) and the
 * document are checked against this header by WireConstantsTest, which
 * compiles a program that prints these values. */
#ifndef EPCAP_RING_LAYOUT_H
#define EPCAP_RING_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define RING_MAGIC "EPCAPRNG"
#define RING_VERSION 1
#define RING_HEADER_SIZE 4096
/* Room for two of the largest records, so that one always fits after a
 * wrap; and a size the library will not exceed. */
#define RING_MIN_CAPACITY (1ULL << 20)
#define RING_MAX_CAPACITY (1ULL << 30)
/* Records start on 4-byte boundaries, so a gap at the end of the data area
 * is never too small for the wrap marker (a zero length field). */
#define RING_ALIGN 4U

/* The header the library wrote, in native byte order: both processes run on
 * this machine. Each counter has its own cache line. */
struct ring_header {
  char magic[8];
  uint32_t version;
  uint32_t header_size;
  uint64_t capacity;
  unsigned char pad0[40];
  _Atomic uint64_t head; /* bytes ever appended and published (ours) */
  unsigned char pad1[56];
  _Atomic uint64_t tail; /* bytes ever consumed (the reader's) */
  unsigned char pad2[56];
  _Atomic uint32_t reader_sleeps; /* set by the reader before it blocks */
  unsigned char pad3[60];
  _Atomic uint32_t writer_sleeps; /* set by us before we wait for room */
};

_Static_assert(offsetof(struct ring_header, head) == 64, "head at 64");
_Static_assert(offsetof(struct ring_header, tail) == 128, "tail at 128");
_Static_assert(offsetof(struct ring_header, reader_sleeps) == 192,
               "reader_sleeps at 192");
_Static_assert(offsetof(struct ring_header, writer_sleeps) == 256,
               "writer_sleeps at 256");

#endif
