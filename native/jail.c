/* The root directory root goes into when no -d is given.
 *
 * libpcap looks named ports and protocols up through getaddrinfo and
 * getprotobyname_r, and glibc opens /etc/services and /etc/protocols by
 * path on every lookup. A SET_FILTER with "port http" after the chroot thus
 * needs those files inside the new root. So the preferred root is a small
 * tmpfs holding only them, in a mount namespace of our own: nobody else
 * sees the mount, and it disappears with the process (no cleanup, no leak).
 * It is made read-only, nosuid, nodev and noexec before we enter it.
 *
 * When that is not possible (no CAP_SYS_ADMIN in this user namespace, no
 * tmpfs, a seccomp'd container), the fallback is the old empty root: a
 * fresh directory removed right after the chroot. Named ports then fail in
 * SET_FILTER (the filter given at start-up is compiled before, so it is not
 * affected).
 *
 * etc/hosts is copied too, so that "host NAME" in SET_FILTER resolves what
 * the host's hosts file knows. */
#include "jail.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fatal.h"
#include "log.h"
#include "wire.h"

/* Any existing directory will do: the tmpfs covers it only in our own
 * mount namespace. */
#define JAIL_MOUNT_POINT "/tmp"
/* services (about 12 KiB on Debian), protocols and hosts (each copied up
 * to COPY_LIMIT) fit; the limits keep a misbehaving copy from using
 * memory. */
#define JAIL_TMPFS_OPTIONS "size=4m,nr_inodes=16,mode=0755"
#define JAIL_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)
#define COPY_LIMIT (1 << 20)

/* Only the "files" backend, built into glibc since 2.34: the host's
 * nsswitch.conf may name modules (db, sss, systemd) that would be
 * dlopen'ed from a /lib that is not in the jail. */
static const char nsswitch_conf[] =
    "services: files\nprotocols: files\nhosts: files\n";

#define jail_die(...) fatal(EXIT_STARTUP, ERR_PRIVDROP, __VA_ARGS__)

static int put_file(const char *path, const char *data, size_t n) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
  int rc;

  if (fd < 0)
    return -1;
  rc = write_full(fd, data, n);
  if (close(fd) < 0)
    rc = -1;
  return rc;
}

/* A missing source is not an error: that lookup just fails later, as it
 * would on the host. */
static int copy_file(const char *from, const char *to) {
  /* Static rather than a 1 MiB stack frame; used one file at a time,
   * before the chroot, and by nothing else. */
  static char buf[COPY_LIMIT];
  size_t used = 0;
  ssize_t r;
  int fd = open(from, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return errno == ENOENT ? 0 : -1;
  while (used < sizeof(buf) &&
         ((r = read(fd, buf + used, sizeof(buf) - used)) > 0 ||
          (r < 0 && errno == EINTR)))
    if (r > 0)
      used += (size_t)r;
  (void)close(fd);
  return put_file(to, buf, used);
}

static int fill(void) {
  if (mkdir(JAIL_MOUNT_POINT "/etc", 0755) < 0)
    return -1;
  if (copy_file("/etc/services", JAIL_MOUNT_POINT "/etc/services") < 0)
    return -1;
  if (copy_file("/etc/protocols", JAIL_MOUNT_POINT "/etc/protocols") < 0)
    return -1;
  /* Host names in SET_FILTER ("host localhost"): the hosts file answers;
   * DNS cannot (no socket can be made under seccomp), so any other name
   * is a BAD_FILTER. */
  if (copy_file("/etc/hosts", JAIL_MOUNT_POINT "/etc/hosts") < 0)
    return -1;
  return put_file(JAIL_MOUNT_POINT "/etc/nsswitch.conf", nsswitch_conf,
                  sizeof(nsswitch_conf) - 1);
}

/* On failure, *step names the step that failed. */
static int enter_tmpfs(const char **step) {
  *step = "unshare(CLONE_NEWNS)";
  if (unshare(CLONE_NEWNS) < 0)
    return -1;
  /* Nothing we mount may propagate back to the parent namespace. */
  *step = "making mounts private";
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    return -1;
  *step = "mounting tmpfs";
  if (mount("epcap-jail", JAIL_MOUNT_POINT, "tmpfs", JAIL_FLAGS,
            JAIL_TMPFS_OPTIONS) < 0)
    return -1;
  *step = "filling the jail";
  if (fill() < 0)
    goto undo;
  *step = "remounting read-only";
  if (mount(NULL, JAIL_MOUNT_POINT, NULL, MS_REMOUNT | MS_RDONLY | JAIL_FLAGS,
            NULL) < 0)
    goto undo;
  *step = "chroot";
  if (chroot(JAIL_MOUNT_POINT) < 0)
    goto undo;
  if (chdir("/") < 0)
    jail_die("chdir / in the jail: %s", strerror(errno));
  return 0;

undo : {
  int e = errno;
  (void)umount2(JAIL_MOUNT_POINT, MNT_DETACH);
  errno = e;
  return -1;
}
}

/* The old way, and the fallback: a fresh mkdtemp directory removed right
 * after the chroot, through a descriptor of its parent. The root is then
 * an empty, deleted directory (mode 0700, owned by root) in which nothing
 * can ever be created, not even by root. */
static void enter_deleted_dir(void) {
  char dir[] = JAIL_MOUNT_POINT "/epcap.XXXXXX";
  const char *base = dir + sizeof(JAIL_MOUNT_POINT);
  int parent;

  if (mkdtemp(dir) == NULL)
    jail_die("mkdtemp %s: %s", dir, strerror(errno));
  parent = open(JAIL_MOUNT_POINT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent < 0) {
    int e = errno;
    (void)rmdir(dir);
    jail_die("open %s: %s", JAIL_MOUNT_POINT, strerror(e));
  }
  if (chroot(dir) < 0 || chdir("/") < 0) {
    int e = errno;
    (void)rmdir(dir);
    jail_die("chroot %s: %s", dir, strerror(e));
  }
  if (unlinkat(parent, base, AT_REMOVEDIR) < 0)
    jail_die("removing the private root %s: %s", dir, strerror(errno));
  /* The one way out of the chroot closes here. */
  (void)close(parent);
}

/* One lookup of each kind while the host's files are still in view:
 * glibc reads nsswitch.conf and gai.conf once and loads the NSS modules
 * the host names (or records that they are missing) once per process, and
 * never reloads after a chroot. Later lookups then go straight to the
 * jail's etc/services and etc/protocols, without dlopen attempts, and
 * without the one-time initialisation (and its futex) under seccomp. */
static void preload_lookups(void) {
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM};
  struct addrinfo *res = NULL;

  if (getaddrinfo(NULL, "domain", &hints, &res) == 0)
    freeaddrinfo(res);
  (void)getprotobyname("tcp");
  endprotoent();
  endservent();
}

void jail_enter_private(void) {
  const char *step = "";

  preload_lookups();
  if (enter_tmpfs(&step) == 0) {
    log_msg(1, "root is a read-only tmpfs holding etc/services, "
               "etc/protocols, etc/hosts and etc/nsswitch.conf");
    return;
  }
  log_msg(0, "private tmpfs root unavailable (%s: %s): using an empty "
             "directory; named ports in SET_FILTER will not resolve",
          step, strerror(errno));
  enter_deleted_dir();
}

void jail_enter(int dir_fd, const char *dir) {
  preload_lookups();
  /* Through the descriptor policy.c opened as the caller: the directory
   * entered is the one that was checked, whatever the path means now. */
  if (fchdir(dir_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
    jail_die("chroot %s: %s", dir, strerror(errno));
}
