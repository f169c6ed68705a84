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

#include "jail.h"
#include "log.h"
#include "wire.h"

struct identity {
  uid_t uid;
  gid_t gid;
  char name[64];
};

#define privdrop_die(...) wire_die(EXIT_STARTUP, ERR_PRIVDROP, __VA_ARGS__)

static void by_name(const char *user, const char *group, struct identity *id) {
  struct passwd *pw = getpwnam(user);

  if (pw == NULL)
    privdrop_die("unknown user '%s'", user);
  id->uid = pw->pw_uid;
  id->gid = pw->pw_gid;
  (void)snprintf(id->name, sizeof(id->name), "%s", pw->pw_name);

  if (group != NULL) {
    struct group *gr = getgrnam(group);
    if (gr == NULL)
      privdrop_die("unknown group '%s'", group);
    id->gid = gr->gr_gid;
  }
}

static int env_id(const char *name, unsigned long *v) {
  const char *s = getenv(name);
  char *end = NULL;

  if (s == NULL || *s == '\0')
    return -1;
  errno = 0;
  *v = strtoul(s, &end, 10);
  return (errno != 0 || *end != '\0') ? -1 : 0;
}

/* The user who ran sudo (SUDO_UID, SUDO_GID), if sudo started us. */
static int sudo_caller(struct identity *id) {
  unsigned long uid, gid;
  struct passwd *pw;

  if (env_id("SUDO_UID", &uid) != 0)
    return -1;
  pw = getpwuid((uid_t)uid);
  id->uid = (uid_t)uid;
  id->gid = pw ? pw->pw_gid : (gid_t)uid;
  if (env_id("SUDO_GID", &gid) == 0)
    id->gid = (gid_t)gid;
  (void)snprintf(id->name, sizeof(id->name), "%s", pw ? pw->pw_name : "");
  return 0;
}

/* Who the port becomes: -u/-g, or for a file the user who ran sudo (the
 * seed's "run as user"), else nobody. */
static void target(const struct epcap_options *opt, struct identity *id) {
  if (opt->user == NULL && opt->file != NULL && sudo_caller(id) == 0) {
    if (opt->group != NULL)
      by_name(id->name[0] ? id->name : EPCAP_DEFAULT_USER, opt->group, id);
    return;
  }
  by_name(opt->user ? opt->user : EPCAP_DEFAULT_USER, opt->group, id);
}

/* The file is opened by whoever asked for it, as the seed does. Through
 * sudo that is always the sudo caller, whatever -u says: a sudo rule for
 * the port must not let anyone read a file they could not read themselves.
 * A root caller without sudo opens it as root (or as -u). */
void privdrop_file_access_begin(const struct epcap_state *st) {
  struct identity id;

  if (geteuid() != 0)
    return;
  if (sudo_caller(&id) != 0) {
    if (st->opt.user == NULL && getuid() == 0)
      return;
    target(&st->opt, &id);
  }
  if (initgroups(id.name[0] ? id.name : EPCAP_DEFAULT_USER, id.gid) < 0 ||
      setegid(id.gid) < 0 || seteuid(id.uid) < 0)
    privdrop_die("cannot act as uid %u gid %u to open the file: %s",
                 (unsigned)id.uid, (unsigned)id.gid, strerror(errno));
}

void privdrop_file_access_end(void) {
  if (getuid() != 0)
    return;
  /* the saved set-user-ID is still 0 */
  if (seteuid(0) < 0 || setegid(0) < 0)
    privdrop_die("cannot return to root after opening the file: %s",
                 strerror(errno));
}

/* The shared-memory ring (-R) is the file of whoever started us: the sudo
 * caller, else our real user. Unlike -f, -u plays no part: the library
 * made the file for its own user. */
void privdrop_caller_access_begin(void) {
  struct identity id;

  if (geteuid() != 0 || sudo_caller(&id) != 0)
    return;
  if (initgroups(id.name[0] ? id.name : EPCAP_DEFAULT_USER, id.gid) < 0 ||
      setegid(id.gid) < 0 || seteuid(id.uid) < 0)
    privdrop_die("cannot act as uid %u gid %u to open the ring: %s",
                 (unsigned)id.uid, (unsigned)id.gid, strerror(errno));
}

void privdrop_caller_access_end(void) { privdrop_file_access_end(); }

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

void privdrop(const struct epcap_state *st) {
  struct identity id;

  if (geteuid() == 0) {
    target(&st->opt, &id); /* /etc/passwd is out of reach after chroot */

    /* Named ports and protocols in a later SET_FILTER are looked up in
     * the jail's own etc/services and etc/protocols (see jail.c): glibc
     * reopens them by path on every lookup. */
    if (st->opt.chroot_dir != NULL)
      jail_enter(st->opt.chroot_dir);
    else
      jail_enter_private();

    if (setgroups(0, NULL) < 0)
      privdrop_die("setgroups: %s", strerror(errno));
    if (setresgid(id.gid, id.gid, id.gid) < 0)
      privdrop_die("setresgid %u: %s", (unsigned)id.gid, strerror(errno));
    if (setresuid(id.uid, id.uid, id.uid) < 0)
      privdrop_die("setresuid %u: %s", (unsigned)id.uid, strerror(errno));
    verify(&id);
    log_msg(1, "running as uid %u gid %u", (unsigned)id.uid,
            (unsigned)id.gid);
  }

  drop_capabilities();
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    privdrop_die("PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
}
