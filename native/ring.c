#include "ring.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fatal.h"
#include "log.h"
#include "ring_layout.h"

/* The reader gets what was appended at least this often, so that it works
 * while a long dispatch is still filling the ring. */
#define RING_PUBLISH_BYTES (64U << 10)

#define ring_die(...) fatal(EXIT_STARTUP, ERR_RING, __VA_ARGS__)

static size_t record_size(size_t frame_len) {
  return (frame_len + RING_ALIGN - 1) & ~(size_t)(RING_ALIGN - 1);
}

bool ring_attach(struct ring *r, const char *path, struct caller *caller,
                 struct wire_out *pipe) {
  struct stat sb;
  void *map;
  int fd;

  /* Opened with the caller's rights, never root's, and only an existing
   * regular file: a sudo rule must not turn -R into a way to write someone
   * else's file. */
  caller_act_as(caller, &caller->id);
  fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  caller_act_end(caller);
  if (fd < 0) {
    /* The caller may have started us as another user (an exec prefix
     * such as setpriv), who cannot open the library's 0600 file: the pipe
     * then carries everything, and READY says so. */
    log_msg(0, "ring %s: %s; packets go through stdout", path,
            strerror(errno));
    return false;
  }
  if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))
    ring_die("ring %s: not a regular file", path);
  if (sb.st_size < RING_HEADER_SIZE + (off_t)RING_MIN_CAPACITY ||
      sb.st_size > RING_HEADER_SIZE + (off_t)RING_MAX_CAPACITY)
    ring_die("ring %s: size %lld is out of range", path,
             (long long)sb.st_size);

  map = mmap(NULL, (size_t)sb.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
             0);
  if (map == MAP_FAILED)
    ring_die("ring %s: mmap: %s", path, strerror(errno));
  (void)close(fd);

  /* Attached (hdr set) only once it is known to be a fresh ring. */
  struct ring_header *h = map;
  uint64_t cap = h->capacity;

  if (memcmp(h->magic, RING_MAGIC, 8) != 0 || h->version != RING_VERSION ||
      h->header_size != RING_HEADER_SIZE)
    ring_die("ring %s: not an epcap ring of version %d", path, RING_VERSION);
  if (cap < RING_MIN_CAPACITY || cap > RING_MAX_CAPACITY ||
      (cap & (cap - 1)) != 0 || (off_t)(RING_HEADER_SIZE + cap) != sb.st_size)
    ring_die("ring %s: capacity %llu does not match its size", path,
             (unsigned long long)cap);
  if (atomic_load(&h->head) != 0 || atomic_load(&h->tail) != 0)
    ring_die("ring %s: not a fresh ring", path);

  r->hdr = h;
  r->capacity = cap;
  r->data = (unsigned char *)map + RING_HEADER_SIZE;
  r->pipe = pipe;
  return true;
}

bool ring_attached(const struct ring *r) { return r->hdr != NULL; }

bool ring_pending(const struct ring *r) { return r->kept_len != 0; }

bool ring_break_was_ours(struct ring *r) {
  bool ours = r->broke;

  r->broke = false;
  return ours;
}

/* Free bytes as the reader last told us; it only ever grows. A tail that
 * moves backwards or past our head is the reader's bug, and the ring can
 * no longer be trusted. */
static uint64_t room(struct ring *r) {
  uint64_t t = atomic_load_explicit(&r->hdr->tail, memory_order_acquire);

  if (t < r->tail_seen || t > r->published)
    fatal_via_pipe(EXIT_CAPTURE, ERR_RING,
                   "ring tail %llu is outside %llu..%llu",
                   (unsigned long long)t, (unsigned long long)r->tail_seen,
                   (unsigned long long)r->published);
  r->tail_seen = t;
  return r->capacity - (r->head - t);
}

/* Bytes a record of rec bytes takes at the head, with the gap it leaves
 * when it does not fit before the end of the data area. */
static uint64_t needed(const struct ring *r, size_t rec) {
  uint64_t to_end = r->capacity - (r->head & (r->capacity - 1));

  return rec <= to_end ? rec : to_end + rec;
}

/* Where a record of rec bytes goes; the caller checked the room. */
static unsigned char *reserve(struct ring *r, size_t rec) {
  uint64_t off = r->head & (r->capacity - 1);

  if (rec > r->capacity - off) {
    /* A zero length field tells the reader to go back to the start. */
    memset(r->data + off, 0, RING_ALIGN);
    r->head += r->capacity - off;
    off = 0;
  }
  r->head += rec;
  return r->data + off;
}

void ring_publish(struct ring *r) {
  if (r->head == r->published)
    return;
  r->published = r->head;
  /* seq_cst on both sides (store here, load of reader_sleeps; the reader's
   * store of reader_sleeps, load of head): one of us sees the other. */
  atomic_store(&r->hdr->head, r->head);
  if (atomic_load(&r->hdr->reader_sleeps) != 0 &&
      atomic_exchange(&r->hdr->reader_sleeps, 0) != 0) {
    wire_empty_frame(r->pipe, FRAME_WAKE);
    wire_flush(r->pipe);
  }
}

void ring_on_packet(u_char *user, const struct pcap_pkthdr *h,
                    const u_char *bytes) {
  struct packet_path *path = (struct packet_path *)user;
  struct ring *r = path->to;
  uint32_t caplen = wire_caplen(h);
  size_t frame = WIRE_HEADER + WIRE_PACKET_FIXED + caplen;
  size_t rec = record_size(frame);
  uint64_t need = needed(r, rec);

  if (r->kept_len != 0) {
    /* libpcap went on after the break: cannot happen with its loops, but
     * losing a packet is worse than waiting here. */
    log_msg(0, "a second packet after pcap_breakloop; waiting in place");
    ring_resume(r, NULL, NULL);
  }
  if (r->capacity - (r->head - r->tail_seen) < need && room(r) < need) {
    wire_put_packet(r->kept, path, h, bytes, caplen);
    r->kept_len = frame;
    path->captured++;
    pcap_breakloop(path->pcap);
    r->broke = true;
    return;
  }
  wire_put_packet(reserve(r, rec), path, h, bytes, caplen);
  path->captured++;
  if (r->head - r->published >= RING_PUBLISH_BYTES)
    ring_publish(r);
}

/* Publishes, then sleeps until the reader has made need bytes of room,
 * letting serve handle stdin meanwhile (the reader's RING_WAKE comes that
 * way). Without serve, stdin is only watched for its end. */
static void wait_for(struct ring *r, uint64_t need, ring_wait_fn serve,
                     void *arg) {
  ring_publish(r);
  while (room(r) < need) {
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};

    atomic_store(&r->hdr->writer_sleeps, 1);
    if (room(r) >= need) {
      atomic_store(&r->hdr->writer_sleeps, 0);
      break;
    }
    /* Requests read while stdout was full are answered first. */
    if (serve != NULL)
      serve(arg);
    /* Bounded, so that a lost wake-up costs a little time, not the
     * capture. */
    if (poll(&pfd, 1, 100) > 0) {
      if (serve != NULL) {
        serve(arg);
      } else {
        char scrap[4096];
        ssize_t n = read(STDIN_FILENO, scrap, sizeof(scrap));
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
          _exit(EXIT_CAPTURE);
      }
    }
  }
}

void ring_resume(struct ring *r, ring_wait_fn serve, void *arg) {
  size_t rec = record_size(r->kept_len);

  if (r->kept_len == 0)
    return;
  wait_for(r, needed(r, rec), serve, arg);
  memcpy(reserve(r, rec), r->kept, r->kept_len);
  r->kept_len = 0;
}

void ring_put_frame(struct ring *r, uint8_t type, const unsigned char *body,
                    size_t body_len, ring_wait_fn serve, void *arg) {
  size_t rec = record_size(WIRE_HEADER + body_len);
  unsigned char *p;

  ring_resume(r, serve, arg);
  wait_for(r, needed(r, rec), serve, arg);
  p = reserve(r, rec);
  p = put_u32(p, (uint32_t)(body_len + 1));
  p = put_u8(p, type);
  if (body_len > 0) /* EOF has no body, and memcpy takes no NULL */
    memcpy(p, body, body_len);
  ring_publish(r);
}
