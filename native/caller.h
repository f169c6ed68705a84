/* Who runs the port, fixed from what the kernel and sudo say before any
 * switch is parsed (docs/security.md, "The privilege model"). Nothing the
 * caller passes later (switches, -e, stdin) can change it. */
#ifndef EPCAP_CALLER_H
#define EPCAP_CALLER_H

#include <stdbool.h>
#include <sys/types.h>

/* Supplementary groups kept for the allow-list of -g; a caller in more
 * groups is checked against the first ones only (fail closed). */
#define CALLER_MAX_GROUPS 256

struct identity {
  uid_t uid;
  gid_t gid;
  char name[64]; /* the passwd name, "" when the uid has none */
  gid_t groups[CALLER_MAX_GROUPS];
  int ngroups;
};

enum caller_kind {
  CALLER_ROOT,     /* uid 0, not through sudo: trusted, the seed's way */
  CALLER_SUDO,     /* root through sudo: the caller is SUDO_UID/SUDO_GID */
  CALLER_ELEVATED, /* file capabilities or set-user-ID: the real ids */
  CALLER_PLAIN,    /* no more privilege than whoever ran us */
};

struct caller {
  struct identity id;
  enum caller_kind kind;
  /* The caller is uid 0: every switch is theirs to use. Otherwise every
   * input is checked against the allow-lists of policy.c. */
  bool trusted;
  /* What caller_act_as changed, to put back. */
  struct {
    bool acting;
    gid_t egid;
    gid_t groups[CALLER_MAX_GROUPS];
    int ngroups;
  } saved;
};

/* Fixes the caller's identity and, unless the caller is root, empties the
 * environment (nothing the caller set may reach libpcap, libdbus or
 * glibc's resolver in a privileged process). Call first thing in main.
 * A malformed SUDO_UID or SUDO_GID from sudo is fatal (BAD_OPTION). */
void caller_identify(struct caller *c);

/* As root: act as `who` (effective ids and groups) while opening what
 * the caller named (-f, -R, -d), so the port opens nothing they could not
 * open themselves. A no-op when we are not root or `who` is root. */
void caller_act_as(struct caller *c, const struct identity *who);
/* Back to root after caller_act_as. */
void caller_act_end(struct caller *c);

/* Fills id from the passwd entry of uid (name, primary group, groups);
 * 0, or -1 when the uid has no entry (then only uid and gid are set). */
int identity_of_uid(uid_t uid, gid_t gid, struct identity *id);

#endif
