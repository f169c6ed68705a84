/* How the caller is known, in order of trust:
 *   - AT_SECURE in the auxiliary vector: the kernel raised our privilege
 *     at exec (file capabilities, set-user-ID), so the real ids are the
 *     caller's, and the environment is theirs;
 *   - real uid 0 with SUDO_UID: sudo ran us; it sets SUDO_UID and SUDO_GID
 *     itself, over anything the caller tried to pass (a sudo rule must not
 *     grant SETENV, see docs/security.md);
 *   - real uid 0 without it: root itself;
 *   - anything else: a process with no more privilege than its caller.
 * Everything here runs before the switches are parsed, so -e (applied
 * only for root, by policy.c) cannot change who the caller is. */
#include "caller.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "fatal.h"

#define caller_die(...) fatal(EXIT_STARTUP, ERR_PRIVDROP, __VA_ARGS__)

/* A whole-string decimal id as sudo writes it; (uid_t)-1 is no id. */
static int parse_id(const char *s, uint32_t *v) {
  char *end = NULL;
  unsigned long n;

  if (s == NULL || *s < '0' || *s > '9')
    return -1;
  errno = 0;
  n = strtoul(s, &end, 10);
  if (errno != 0 || *end != '\0' || n >= UINT32_MAX)
    return -1;
  *v = (uint32_t)n;
  return 0;
}

int identity_of_uid(uid_t uid, gid_t gid, struct identity *id) {
  struct passwd *pw = getpwuid(uid);
  int n = CALLER_MAX_GROUPS;

  memset(id, 0, sizeof(*id));
  id->uid = uid;
  id->gid = gid;
  id->groups[0] = gid;
  id->ngroups = 1;
  if (pw == NULL)
    return -1;
  (void)snprintf(id->name, sizeof(id->name), "%s", pw->pw_name);
  /* With more groups than room, glibc fills the first ones and returns -1:
   * the rest are then not allowed for -g, which fails closed. */
  if (getgrouplist(pw->pw_name, gid, id->groups, &n) < 0)
    n = CALLER_MAX_GROUPS;
  id->ngroups = n;
  return 0;
}

static void from_kernel(struct identity *id) {
  int n;

  (void)identity_of_uid(getuid(), getgid(), id);
  /* The groups the kernel says we run with, not /etc/group's view. */
  n = getgroups(CALLER_MAX_GROUPS, id->groups);
  if (n < 0) {
    id->groups[0] = id->gid;
    n = 1;
  }
  id->ngroups = n;
}

static void from_sudo(const char *sudo_uid, struct identity *id) {
  const char *sudo_gid = getenv("SUDO_GID");
  struct passwd *pw;
  uint32_t uid, gid;

  if (parse_id(sudo_uid, &uid) < 0)
    fatal(EXIT_STARTUP, ERR_BAD_OPTION,
          "SUDO_UID '%s' is not a user id: refusing to guess the caller",
          sudo_uid);
  if (sudo_gid != NULL) {
    if (parse_id(sudo_gid, &gid) < 0)
      fatal(EXIT_STARTUP, ERR_BAD_OPTION,
            "SUDO_GID '%s' is not a group id: refusing to guess the "
            "caller", sudo_gid);
  } else {
    pw = getpwuid((uid_t)uid);
    gid = pw ? (uint32_t)pw->pw_gid : uid;
  }
  (void)identity_of_uid((uid_t)uid, (gid_t)gid, id);
}

void caller_identify(struct caller *c) {
  const char *sudo_uid = getenv("SUDO_UID");

  memset(c, 0, sizeof(*c));
  if (getauxval(AT_SECURE) != 0) {
    c->kind = CALLER_ELEVATED;
    from_kernel(&c->id);
  } else if (getuid() == 0 && sudo_uid != NULL) {
    c->kind = CALLER_SUDO;
    from_sudo(sudo_uid, &c->id);
  } else if (getuid() == 0) {
    c->kind = CALLER_ROOT;
    from_kernel(&c->id);
  } else {
    c->kind = CALLER_PLAIN;
    from_kernel(&c->id);
  }
  c->trusted = c->id.uid == 0;

  /* libpcap, libdbus and glibc read variables (DBUS_SYSTEM_BUS_ADDRESS,
   * RESOLV_HOST_CONF, HOSTALIASES, LOCALDOMAIN, ...) that would act with
   * our privilege: none of the caller's survive. The port needs none. */
  if (!c->trusted && clearenv() != 0)
    caller_die("cannot clear the environment");
}

void caller_act_as(struct caller *c, const struct identity *who) {
  if (geteuid() != 0 || who->uid == 0 || c->saved.acting)
    return;
  c->saved.egid = getegid();
  c->saved.ngroups = getgroups(CALLER_MAX_GROUPS, c->saved.groups);
  if (c->saved.ngroups < 0)
    c->saved.ngroups = 0;
  /* Groups and group first: once the effective uid is not 0 they can no
   * longer be set. */
  if (setgroups((size_t)who->ngroups, who->groups) < 0 ||
      setegid(who->gid) < 0 || seteuid(who->uid) < 0)
    caller_die("cannot act as uid %u gid %u: %s", (unsigned)who->uid,
               (unsigned)who->gid, strerror(errno));
  c->saved.acting = true;
}

void caller_act_end(struct caller *c) {
  if (!c->saved.acting)
    return;
  /* The saved set-user-ID is still 0, through sudo and set-user-ID alike. */
  if (seteuid(0) < 0 || setegid(c->saved.egid) < 0 ||
      setgroups((size_t)c->saved.ngroups, c->saved.groups) < 0)
    caller_die("cannot return to root: %s", strerror(errno));
  c->saved.acting = false;
}
