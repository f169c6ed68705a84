#include "mapped_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Pages behind the reader are unmapped from our address space (they stay
 * in the page cache) every so often, so a large file does not count in
 * our resident set. */
#define RELEASE_STEP (64UL << 20)
/* stdio's buffer: stays in the CPU cache between the two copies. */
#define COPY_BUFFER (64U << 10)

struct mapped_file {
  unsigned char *base;
  size_t size;
  size_t pos;
  size_t released; /* [0, released) is given back */
};

static ssize_t mapped_read(void *cookie, char *buf, size_t n) {
  struct mapped_file *m = cookie;
  size_t left = m->size - m->pos;

  if (n > left)
    n = left;
  memcpy(buf, m->base + m->pos, n);
  m->pos += n;
  if (m->pos - m->released >= 2 * RELEASE_STEP) {
    size_t upto = (m->pos - RELEASE_STEP) & ~(RELEASE_STEP - 1);
    (void)madvise(m->base + m->released, upto - m->released, MADV_DONTNEED);
    m->released = upto;
  }
  return (ssize_t)n;
}

/* libpcap only reads forwards, but a seek costs nothing to support. */
static int mapped_seek(void *cookie, off64_t *offset, int whence) {
  struct mapped_file *m = cookie;
  off64_t to;

  switch (whence) {
  case SEEK_SET:
    to = *offset;
    break;
  case SEEK_CUR:
    to = (off64_t)m->pos + *offset;
    break;
  case SEEK_END:
    to = (off64_t)m->size + *offset;
    break;
  default:
    errno = EINVAL;
    return -1;
  }
  if (to < 0 || (uint64_t)to > m->size) {
    errno = EINVAL;
    return -1;
  }
  m->pos = (size_t)to;
  if (m->pos < m->released)
    m->released = 0; /* faulted in again on demand */
  *offset = to;
  return 0;
}

static int mapped_close(void *cookie) {
  struct mapped_file *m = cookie;

  (void)munmap(m->base, m->size);
  free(m);
  return 0;
}

FILE *mapped_file_open(int fd) {
  cookie_io_functions_t io = {
      .read = mapped_read, .write = NULL, .seek = mapped_seek,
      .close = mapped_close};
  struct mapped_file *m;
  struct stat sb;
  void *base;
  FILE *fp;

  if (fstat(fd, &sb) < 0)
    return NULL;
  if (!S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
      (uint64_t)sb.st_size > SIZE_MAX) {
    errno = EINVAL;
    return NULL;
  }
  base = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (base == MAP_FAILED)
    return NULL;
  (void)madvise(base, (size_t)sb.st_size, MADV_SEQUENTIAL);

  m = calloc(1, sizeof(*m));
  if (m == NULL) {
    (void)munmap(base, (size_t)sb.st_size);
    return NULL;
  }
  m->base = base;
  m->size = (size_t)sb.st_size;

  fp = fopencookie(m, "rb", io);
  if (fp == NULL) {
    mapped_close(m);
    return NULL;
  }
  /* glibc reads a cookie stream only through its buffer (unbuffered, it
   * would call mapped_read a byte at a time): one cache-sized buffer,
   * filled by memcpy instead of read(2). */
  (void)setvbuf(fp, NULL, _IOFBF, COPY_BUFFER);
  (void)close(fd);
  return fp;
}
