#include "close_inherited.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The system call itself: musl has no wrapper, and glibc's is the same
 * call. */
void close_inherited(int from) {
  struct rlimit rl;
  long fd, max = 65536;

  if (syscall(SYS_close_range, (unsigned)from, ~0U, 0U) == 0 ||
      errno != ENOSYS)
    return;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
      rl.rlim_cur < (rlim_t)max)
    max = (long)rl.rlim_cur;
  for (fd = from; fd < max; fd++)
    (void)close((int)fd);
}
