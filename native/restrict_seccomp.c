/* seccomp: an allow-list for the event loop, the default mode on Linux.
 *
 * Installed after the privilege drop, right before READY. From then on the
 * port only reads packets (or the file), serves requests from stdin and
 * writes frames to stdout; any system call not listed here kills the whole
 * process with SIGSYS, and the library reports "port died" with the signal.
 *
 * The list was found by running the real capture, STATS, SET_FILTER (good,
 * bad, and with named ports), INJECT and STOP under `strace -f`, live on lo
 * and a veth and from a file, then checked under this filter
 * (epcap/src/test/java/org/epcap/privilege/). Where an argument narrows an
 * entry cheaply (a descriptor, a flag, an option name) it is checked.
 *
 * Calls made before READY (opening the capture, chroot, setresuid) are not
 * listed: they are done by then. */
#include "restrict.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SOL_PACKET
#define SOL_PACKET 263
#endif

const char restrict_mode[] = "seccomp";

/* musl names only O_TMPFILE, which includes O_DIRECTORY; glibc's
 * __O_TMPFILE is the bit of its own, the same value on every Linux. */
#ifndef __O_TMPFILE
#define __O_TMPFILE (O_TMPFILE & ~O_DIRECTORY)
#endif

/* What an openat may never ask for: write access, creation, truncation. */
#define OPEN_WRITE_FLAGS                                                      \
  (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | __O_TMPFILE | O_EXCL)

#define ALLOW(call, ...)                                                      \
  do {                                                                        \
    if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(call),                 \
                         __VA_ARGS__) < 0)                                    \
      goto fail;                                                              \
  } while (0)

/* The capture socket the socket rules below are narrowed to. A file has
 * none (it may be a mapping with no descriptor at all, see mapped_file.c):
 * then -1, which no call can name, and those rules allow nothing. */
static int capture_fd(const struct epcap_state *st) {
  if (st->opt.file != NULL)
    return -1;
  return pcap_fileno(st->pcap);
}

int restrict_process(const struct epcap_state *st) {
  int fd = capture_fd(st);
  int rc = -1;
  scmp_filter_ctx ctx;

  if (fd < 0 && st->opt.file == NULL) {
    errno = EBADF;
    return -1;
  }
  ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
  if (ctx == NULL) {
    errno = ENOMEM;
    return -1;
  }

  /* --- the loop itself --- */

  /* Requests on stdin, the file being read (stdio's buffer), and the
   * etc/services and etc/protocols files glibc opens for a named port or
   * protocol in SET_FILTER (below). Not narrowed to descriptors: the
   * lookup's descriptor number is not known in advance, and read can only
   * reach descriptors we already hold. */
  ALLOW(read, 0);
#ifndef __GLIBC__
  /* musl's stdio fills the caller's buffer and its own with one readv: a
   * file that is not mapped (a pipe or FIFO given to -f, capture.c). The
   * same reach as read. */
  ALLOW(readv, 0);
#endif
  /* Waiting for packets and requests together (loop.c); ppoll is what
   * glibc's poll() becomes on architectures without poll(2). */
  ALLOW(poll, 0);
  ALLOW(ppoll, 0);
  /* Frames to stdout; diagnostics (-v) and fatal messages to stderr. */
  ALLOW(write, 1, SCMP_A0(SCMP_CMP_EQ, STDOUT_FILENO));
  ALLOW(write, 1, SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));
  /* glibc writes its own fatal messages (fortify, malloc) with writev. */
  ALLOW(writev, 1, SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));

  /* --- requests --- */

  /* STATS: libpcap reads PACKET_STATISTICS from the capture socket. */
  ALLOW(getsockopt, 3, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
        SCMP_A1(SCMP_CMP_EQ, SOL_PACKET),
        SCMP_A2(SCMP_CMP_EQ, PACKET_STATISTICS));
  /* A read error (the interface went away): libpcap asks the socket for
   * its pending error before it reports one, so that READ_ERROR can say
   * why instead of the port dying of SIGSYS. */
  ALLOW(getsockopt, 3, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
        SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET), SCMP_A2(SCMP_CMP_EQ, SO_ERROR));
  /* ... and on ENETDOWN it looks at the socket's address to tell "went
   * down" from "was removed". */
  ALLOW(getsockname, 1, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd));
  /* When the capture stops delivering, libpcap asks whether the device is
   * still up and still there (read-only interface queries). */
  ALLOW(ioctl, 2, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
        SCMP_A1(SCMP_CMP_EQ, SIOCGIFFLAGS));
  ALLOW(ioctl, 2, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
        SCMP_A1(SCMP_CMP_EQ, SIOCGIFINDEX));
  /* SET_FILTER: libpcap attaches a drop-everything filter, drains the
   * socket (recvfrom), then attaches the new program; it detaches when a
   * program can only run in user space. */
  ALLOW(setsockopt, 3, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
        SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
        SCMP_A2(SCMP_CMP_EQ, SO_ATTACH_FILTER));
  ALLOW(setsockopt, 3, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
        SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
        SCMP_A2(SCMP_CMP_EQ, SO_DETACH_FILTER));
  ALLOW(recvfrom, 1, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd));
  /* ... and for the drain it makes the socket non-blocking and back. */
  ALLOW(fcntl, 2, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
        SCMP_A1(SCMP_CMP_EQ, F_GETFL));
  ALLOW(fcntl, 2, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
        SCMP_A1(SCMP_CMP_EQ, F_SETFL));
  /* INJECT (only with -X): pcap_inject is send(2) on the capture socket. */
  if (st->opt.inject)
    ALLOW(sendto, 1, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd));

  /* Named ports and protocols in SET_FILTER ("port http", "ip proto
   * \tcp"): glibc's files backend opens etc/services or etc/protocols by
   * path on every lookup, and checks etc/nsswitch.conf and / for changes.
   * Inside the jail (jail.c) those are the only files, on a read-only
   * tmpfs. Read-only opens only: anything that could write or create a
   * file still kills. */
  ALLOW(openat, 1, SCMP_A2(SCMP_CMP_MASKED_EQ, OPEN_WRITE_FLAGS, 0));
#ifndef __GLIBC__
  /* musl (the static port, static/build.sh) opens those files with open(2),
   * not openat: the same read-only opens, the flags one argument earlier. */
  ALLOW(open, 1, SCMP_A1(SCMP_CMP_MASKED_EQ, OPEN_WRITE_FLAGS, 0));
  /* musl's fopen(..., "re") sets close-on-exec again after the open, for
   * kernels that ignored O_CLOEXEC: only that flag, only set. */
  ALLOW(fcntl, 2, SCMP_A1(SCMP_CMP_EQ, F_SETFD),
        SCMP_A2(SCMP_CMP_EQ, FD_CLOEXEC));
#endif
  ALLOW(fstat, 0);
  ALLOW(newfstatat, 0);
  ALLOW(lseek, 0);
  ALLOW(close, 1, SCMP_A0(SCMP_CMP_GT, STDERR_FILENO));
  /* getaddrinfo also makes sockets: a unix one to ask nscd first, a
   * netlink one for the host's addresses and UDP ones to sort its two
   * answers (::1 and 127.0.0.1 for a service alone) by source address.
   * Each is optional to glibc, so socket() fails with EACCES instead of
   * killing: no new socket is ever made, and the port number is the
   * same. */
  if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 0) < 0)
    goto fail;

  /* --- memory: pcap_compile, stdio and the lookups allocate --- */

  ALLOW(brk, 0);
  /* Never executable memory. A host name in SET_FILTER may make glibc try
   * to load the NSS modules the host's nsswitch.conf names: the mapping
   * fails instead of killing, and the lookup goes on without them. */
  ALLOW(mmap, 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
  if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mmap), 1,
                       SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC)) < 0)
    goto fail;
  ALLOW(munmap, 0);
  ALLOW(mremap, 0);
  /* free() gives large chunks back. */
  ALLOW(madvise, 1, SCMP_A2(SCMP_CMP_EQ, MADV_DONTNEED));
#ifndef __GLIBC__
  /* musl's malloc gives freed pages inside a group back with MADV_FREE. */
  ALLOW(madvise, 1, SCMP_A2(SCMP_CMP_EQ, MADV_FREE));
#endif

  /* --- the process --- */

  /* glibc's one-time initialisations (pthread_once, as in the resolver's
   * first use for "host NAME") end with a futex wake, which only ever
   * wakes threads of this single-threaded process: nobody. Waiting is not
   * allowed. */
  ALLOW(futex, 1, SCMP_A1(SCMP_CMP_MASKED_EQ, FUTEX_CMD_MASK, FUTEX_WAKE));
  /* The resolver asks for the host's name (and domain) on its first use. */
  ALLOW(uname, 0);

  /* Time is read through the vDSO; the system call is the fallback. */
  ALLOW(clock_gettime, 0);
  /* Returning from a signal handler, and the kernel's restart of an
   * interrupted poll. */
  ALLOW(rt_sigreturn, 0);
  ALLOW(restart_syscall, 0);
  /* Exit after EOF, STOP, a closed stdin or a fatal error. */
  ALLOW(exit_group, 0);
  ALLOW(exit, 0);

  rc = seccomp_load(ctx);
  if (rc < 0) {
    errno = -rc;
    rc = -1;
  }
  seccomp_release(ctx);
  return rc;

fail:
  seccomp_release(ctx);
  errno = EINVAL;
  return -1;
}
