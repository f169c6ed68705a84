#include "privdrop.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fatal.h"
#include "jail.h"
#include "log.h"
#include "wire.h"

#define privdrop_die(...) fatal(EXIT_STARTUP, ERR_PRIVDROP, __VA_ARGS__)

static void verify(const struct identity *id) {
  uid_t r, e, s;
  gid_t rg, eg, sg;

  if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0)
    privdrop_die("getresuid: %s", strerror(errno));
  if (r != id->uid || e != id->uid || s != id->uid || rg != id->gid ||
      eg != id->gid || sg != id->gid)
    privdrop_die("the uid/gid change to %u/%u did not stick",
                 (unsigned)id->uid, (unsigned)id->gid);
  if (id->uid != 0 && setuid(0) == 0)
    privdrop_die("root could be regained after the drop");
}

/* Empty effective, permitted and inheritable sets: what file capabilities
 * (setcap cap_net_raw,cap_net_admin+ep) gave us is gone once the socket
 * is open. */
static void drop_capabilities(void) {
  struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3,
                                         .pid = 0};
  struct __user_cap_data_struct data[2];

  memset(data, 0, sizeof(data));
  if (syscall(SYS_capset, &hdr, data) < 0)
    privdrop_die("dropping capabilities: %s", strerror(errno));
}

void privdrop(struct epcap_state *st) {
  const struct identity *id = &st->drop_to; /* resolved by policy.c */

  if (geteuid() == 0) {
    /* Named ports and protocols in a later SET_FILTER are looked up in
     * the jail's own etc/services and etc/protocols (see jail.c): glibc
     * reopens them by path on every lookup. */
    if (st->chroot_fd >= 0)
      jail_enter(st->chroot_fd, st->opt.chroot_dir);
    else
      jail_enter_private();

    if (setgroups(0, NULL) < 0)
      privdrop_die("setgroups: %s", strerror(errno));
    if (setresgid(id->gid, id->gid, id->gid) < 0)
      privdrop_die("setresgid %u: %s", (unsigned)id->gid, strerror(errno));
    if (setresuid(id->uid, id->uid, id->uid) < 0)
      privdrop_die("setresuid %u: %s", (unsigned)id->uid, strerror(errno));
    verify(id);
    log_msg(1, "running as uid %u gid %u", (unsigned)id->uid,
            (unsigned)id->gid);
  } else if (st->chroot_fd >= 0 || st->opt.user || st->opt.group) {
    log_msg(0, "not root: -u, -g and -d were checked but cannot be applied");
  }
  if (st->chroot_fd >= 0) {
    (void)close(st->chroot_fd);
    st->chroot_fd = -1;
  }

  drop_capabilities();
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    privdrop_die("PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
}
