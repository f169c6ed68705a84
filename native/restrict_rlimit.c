/* Resource limits, as in the seed: the loop writes no files and starts no
 * processes, and needs one descriptor beyond those already open. Portable and weak: it does not stop other syscalls. */
#include "restrict.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

const char restrict_mode[] = "rlimit";

/* main() closed every inherited descriptor above stderr at start-up, so the
 * open ones are few and low; no /proc after a chroot, hence the probe. */
#define FD_PROBE_LIMIT 1024

static int highest_open_fd(void) {
  int highest = STDERR_FILENO;

  for (int fd = STDERR_FILENO + 1; fd < FD_PROBE_LIMIT; fd++)
    if (fcntl(fd, F_GETFD) != -1)
      highest = fd;
  return highest;
}

int restrict_process(const struct epcap_state *st) {
  struct rlimit none = {0, 0};
  struct rlimit fds;

  (void)st;

  /* No file grows. stderr may be a regular file: a diagnostic written to
   * it must fail with EFBIG, not kill the port with SIGXFSZ. */
  if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
    return -1;
  if (setrlimit(RLIMIT_FSIZE, &none) < 0)
    return -1;
  if (setrlimit(RLIMIT_NPROC, &none) < 0) /* no fork, no exec'd helper */
    return -1;

  /* The open descriptors stay usable, plus one: glibc opens the jail's
   * etc/services or etc/protocols for a named port or protocol in
   * SET_FILTER, one file at a time (see jail.c). */
  fds.rlim_cur = fds.rlim_max = (rlim_t)highest_open_fd() + 2;
  if (setrlimit(RLIMIT_NOFILE, &fds) < 0)
    return -1;

  return 0;
}
