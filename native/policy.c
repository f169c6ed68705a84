#include "policy.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caller.h"
#include "fatal.h"
#include "log.h"
#include "wire.h"

#define refuse(code, ...) fatal(EXIT_STARTUP, code, __VA_ARGS__)

/* libpcap 1.10 hands a device name to the first capture source that claims
 * it, before it tries a network interface (capture_source_types in its
 * pcap.c). These are the Linux ones, by the prefix each claims: D-Bus
 * (which connects to a bus, or runs a unixexec: program, as us), USB and
 * Bluetooth monitors, netfilter's log and queue. A kernel interface that
 * root named like one of them is still not opened as an interface, so it
 * is refused. RDMA devices are claimed by their own names (below). */
static const char *const other_sources[] = {"dbus", "usbmon", "bluetooth",
                                            "nflog", "nfqueue"};

int policy_device_refusal(const char *name, char *why, size_t why_len) {
  char kernel_name[IF_NAMESIZE];
  char rdma[64 + IF_NAMESIZE];
  unsigned idx;

  if (strcmp(name, "any") == 0)
    return 0;
  idx = strlen(name) < IF_NAMESIZE ? if_nametoindex(name) : 0;
  /* The round trip rejects what the kernel only resolves loosely (an
   * alias "eth0:1", an alternative name). */
  if (idx == 0 || if_indextoname(idx, kernel_name) == NULL ||
      strcmp(kernel_name, name) != 0) {
    (void)snprintf(why, why_len,
                   "%s: not a network interface of this host (a caller "
                   "other than root may capture only on network interfaces "
                   "and 'any')", name);
    return ERR_NO_SUCH_DEVICE;
  }
  for (size_t i = 0; i < sizeof(other_sources) / sizeof(*other_sources); i++)
    if (strncmp(name, other_sources[i], strlen(other_sources[i])) == 0)
      goto claimed;
  (void)snprintf(rdma, sizeof(rdma), "/sys/class/infiniband/%s", name);
  if (access(rdma, F_OK) == 0)
    goto claimed;
  return 0;

claimed:
  (void)snprintf(why, why_len,
                 "%s: libpcap would open this name as a capture source "
                 "other than a network interface, which only root may use",
                 name);
  return ERR_PERMISSION_DENIED;
}

static void check_device(const struct epcap_state *st) {
  char why[256];
  int code;

  if (st->opt.device == NULL)
    return; /* capture.c picks the first device that passes */
  code = policy_device_refusal(st->opt.device, why, sizeof(why));
  if (code != 0)
    refuse((enum error_code)code, "-i %s", why);
}

static void apply_env(const struct epcap_state *st) {
  for (int i = 0; i < st->opt.nenv; i++) {
    const char *kv = st->opt.env[i];
    const char *eq = strchr(kv, '=');
    char *name;

    if (!st->caller.trusted)
      refuse(ERR_PERMISSION_DENIED,
             "-e %s: only root may set the port's environment (it would "
             "reach libpcap and glibc in a privileged process)", kv);
    name = strndup(kv, (size_t)(eq - kv));
    if (name == NULL)
      fatal(EXIT_STARTUP, ERR_INTERNAL, "out of memory");
    /* An explicit switch wins over an inherited variable. */
    if (setenv(name, eq + 1, 1) < 0)
      refuse(ERR_BAD_OPTION, "invalid -e value '%s': %s", kv, strerror(errno));
    free(name);
  }
}

/* A whole decimal id below (id_t)-1, which means "no id": 0, or -1. */
static int whole_id(const char *s, unsigned long *id) {
  char *end = NULL;

  if (*s < '0' || *s > '9')
    return -1;
  errno = 0;
  *id = strtoul(s, &end, 10);
  return (errno == 0 && *end == '\0' && *id < (uid_t)-1) ? 0 : -1;
}

/* A name, else a number: -u 65534 and -u nobody alike (and -g). */
static struct passwd *user_named(const char *s) {
  struct passwd *pw = getpwnam(s);
  unsigned long n;

  return (pw == NULL && whole_id(s, &n) == 0) ? getpwuid((uid_t)n) : pw;
}

static struct group *group_named(const char *s) {
  struct group *gr = getgrnam(s);
  unsigned long n;

  return (gr == NULL && whole_id(s, &n) == 0) ? getgrgid((gid_t)n) : gr;
}

static bool in_groups(const struct identity *id, gid_t gid) {
  if (gid == id->gid)
    return true;
  for (int i = 0; i < id->ngroups; i++)
    if (id->groups[i] == gid)
      return true;
  return false;
}

/* Who the port becomes after opening the capture: -u/-g; by default, for
 * a file the caller (the seed's "run as user"), else nobody. A caller
 * other than root may only go lower: to themselves or to nobody, with one
 * of their own groups or nobody's. */
static void resolve_drop_target(struct epcap_state *st) {
  const struct caller *c = &st->caller;
  struct identity *to = &st->drop_to;
  struct passwd *pw = getpwnam(EPCAP_DEFAULT_USER);
  struct group *gr;
  uid_t nobody_uid;
  gid_t nobody_gid;
  char nobody_name[sizeof(to->name)];

  if (pw == NULL)
    refuse(ERR_PRIVDROP, "no user '%s' on this system: name one with -u",
           EPCAP_DEFAULT_USER);
  /* Copied out: the next getpw* call reuses the same static entry. */
  nobody_uid = pw->pw_uid;
  nobody_gid = pw->pw_gid;
  (void)snprintf(nobody_name, sizeof(nobody_name), "%s", pw->pw_name);
  memset(to, 0, sizeof(*to));
  if (st->opt.user != NULL) {
    pw = user_named(st->opt.user);
    if (pw == NULL)
      refuse(ERR_PRIVDROP, "-u %s: unknown user", st->opt.user);
    to->uid = pw->pw_uid;
    to->gid = pw->pw_uid == c->id.uid ? c->id.gid : pw->pw_gid;
    (void)snprintf(to->name, sizeof(to->name), "%s", pw->pw_name);
  } else if (st->opt.file != NULL && c->id.uid != 0) {
    to->uid = c->id.uid;
    to->gid = c->id.gid;
    (void)snprintf(to->name, sizeof(to->name), "%s", c->id.name);
  } else {
    to->uid = nobody_uid;
    to->gid = nobody_gid;
    (void)snprintf(to->name, sizeof(to->name), "%s", nobody_name);
  }
  if (st->opt.group != NULL) {
    gr = group_named(st->opt.group);
    if (gr == NULL)
      refuse(ERR_PRIVDROP, "-g %s: unknown group", st->opt.group);
    to->gid = gr->gr_gid;
  }
  if (c->trusted)
    return;

  if (to->uid == 0 || (to->uid != c->id.uid && to->uid != nobody_uid))
    refuse(ERR_PERMISSION_DENIED,
           "-u %s: a caller other than root may run the port only as "
           "themselves (uid %u) or as %s",
           st->opt.user ? st->opt.user : to->name, (unsigned)c->id.uid,
           EPCAP_DEFAULT_USER);
  if (!in_groups(&c->id, to->gid) && to->gid != nobody_gid)
    refuse(ERR_PERMISSION_DENIED,
           "-g %s: a caller other than root may use only a group they are "
           "in, or %s's", st->opt.group ? st->opt.group : to->name,
           EPCAP_DEFAULT_USER);
}

/* -d is opened now, as the caller, and entered later through this
 * descriptor (jail.c), so the directory checked is the one entered. */
static void open_chroot_dir(struct epcap_state *st) {
  const char *dir = st->opt.chroot_dir;
  struct stat d, root;
  int fd;

  st->chroot_fd = -1;
  if (dir == NULL)
    return;
  if (!st->caller.trusted)
    caller_act_as(&st->caller, &st->caller.id);
  fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  caller_act_end(&st->caller);
  if (fd < 0)
    refuse((errno == EACCES || errno == EPERM) ? ERR_PERMISSION_DENIED
                                               : ERR_BAD_OPTION,
           "-d %s: %s", dir, strerror(errno));
  if (!st->caller.trusted &&
      (fstat(fd, &d) < 0 || stat("/", &root) < 0 ||
       (d.st_dev == root.st_dev && d.st_ino == root.st_ino)))
    refuse(ERR_PERMISSION_DENIED,
           "-d %s: the host's root is no jail; name a directory of your own",
           dir);
  st->chroot_fd = fd;
}

static void resolve_fanout_group(struct epcap_state *st) {
  st->fanout_group = st->opt.cluster_id;
  if (st->opt.cluster_id < 0 || st->caller.trusted)
    return;
  st->fanout_group = FANOUT_USER_BASE +
                     (int)(st->caller.id.uid % FANOUT_USER_SLOTS) * 256 +
                     st->opt.cluster_id;
  log_msg(1, "cluster id %d is fan-out group %d for uid %u",
          st->opt.cluster_id, st->fanout_group, (unsigned)st->caller.id.uid);
}

void policy_apply(struct epcap_state *st) {
  apply_env(st);
  if (!st->caller.trusted && st->opt.buffer_size > POLICY_MAX_BUFFER)
    refuse(ERR_BAD_OPTION,
           "-b %d: a caller other than root may ask for at most %d bytes",
           st->opt.buffer_size, POLICY_MAX_BUFFER);
  if (!st->caller.trusted)
    check_device(st);
  resolve_fanout_group(st);
  resolve_drop_target(st);
  open_chroot_dir(st);
}
