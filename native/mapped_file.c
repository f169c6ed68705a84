#include "mapped_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Pages behind the reader are unmapped from our address space (they stay
 * in the page cache) every so often, so that a large file does not count
 * in our resident set, and the exit does not have to unmap it all. */
#define RELEASE_STEP (16UL << 20)

struct mapped_file {
  FILE *stream;
  unsigned char *base;
  size_t size;
  size_t pos;      /* what glibc has taken, not what libpcap has read */
  size_t released; /* [0, released) is given back */
};

/* The port reads one file; release_behind() finds its mapping here. */
static struct mapped_file *current;

/* glibc asks for its buffer to be filled; the buffer is the mapping itself
 * (see mapped_file_open), so the first call hands over the whole file
 * without copying, and the next one says end of file. Memory outside the
 * mapping, which glibc has not been seen to pass, would get a copy. */
static ssize_t mapped_read(void *cookie, char *buf, size_t n) {
  struct mapped_file *m = cookie;
  unsigned char *to = (unsigned char *)buf;
  size_t left = m->size - m->pos;

  if (n > left)
    n = left;
  if (n == 0)
    return 0;
  if (to != m->base + m->pos) {
    if (to >= m->base && to < m->base + m->size) {
      /* Only a seek could lead here, and mapped_seek moves nowhere. */
      errno = EIO;
      return -1;
    }
    memcpy(to, m->base + m->pos, n);
  }
  m->pos += n;
  return (ssize_t)n;
}

/* Only ftell: the buffer is the whole file, so a seek that glibc cannot
 * do within it could only be followed by a refill onto read-only pages.
 * libpcap never seeks a savefile it reads. */
static int mapped_seek(void *cookie, off64_t *offset, int whence) {
  struct mapped_file *m = cookie;

  if (whence != SEEK_CUR || *offset != 0) {
    errno = ESPIPE;
    return -1;
  }
  *offset = (off64_t)m->pos;
  return 0;
}

static int mapped_close(void *cookie) {
  struct mapped_file *m = cookie;

  if (current == m)
    current = NULL;
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
#ifdef __GLIBC__
  /* stdio's buffer is the mapping: each of libpcap's reads is then one
   * memcpy from the page cache into its own buffer, and stdio never calls
   * back until the end. glibc only reads from a buffer it is given (no
   * ungetc here), so read-only pages serve. */
  if (setvbuf(fp, (char *)base, _IOFBF, m->size) != 0) {
    (void)fclose(fp);
    errno = ENOMEM;
    return NULL;
  }
#else
  /* Not with musl (the static port): its stdio keeps an unget area at the
   * buffer's start and refills the buffer itself, which read-only pages
   * cannot take. There libpcap's large reads go straight to its own
   * buffer (one memcpy from the mapping in mapped_read) and the small
   * ones through stdio's default buffer. */
#endif
  /* The port has one thread. */
  __fsetlocking(fp, FSETLOCKING_BYCALLER);
  m->stream = fp;
  current = m;
  (void)close(fd);
  return fp;
}

void mapped_file_release_behind(FILE *fp) {
  struct mapped_file *m = current;
  off64_t at;
  size_t upto;

  if (m == NULL || m->stream != fp)
    return;
  at = ftello64(fp);
  if (at < 0 || (size_t)at < m->released + 2 * RELEASE_STEP)
    return;
  upto = ((size_t)at - RELEASE_STEP) & ~(RELEASE_STEP - 1);
  (void)madvise(m->base + m->released, upto - m->released, MADV_DONTNEED);
  m->released = upto;
}
