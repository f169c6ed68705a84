/* What a caller may ask of the port (docs/security.md, "The privilege
 * model"): the switches, checked against allow-lists after parsing and
 * before any privileged action. Root may ask for anything, as in the seed;
 * anyone else gets network interfaces, their own files and directories,
 * an identity no higher than their own, bounded buffers and fan-out groups
 * of their own. */
#ifndef EPCAP_POLICY_H
#define EPCAP_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "epcap.h"

/* The largest -b a caller other than root may ask for: kernel memory the
 * capture pins for as long as it runs. */
#define POLICY_MAX_BUFFER (128 << 20)

/* Fan-out groups (16-bit, one name space per network namespace) of callers
 * other than root: -c ID becomes FANOUT_USER_BASE + (uid % FANOUT_USER_SLOTS)
 * * 256 + ID, so no such caller reaches root's groups 0..255, and the
 * port also refuses a group that has a member of another user (fanout.c). */
#define FANOUT_USER_BASE 256
#define FANOUT_USER_SLOTS 255

/* Checks every switch against the caller (st->caller) and resolves what the
 * later steps need: st->drop_to, st->chroot_fd, st->fanout_group; applies
 * -e for root. A refusal is fatal: PERMISSION_DENIED, NO_SUCH_DEVICE or
 * BAD_OPTION, naming the switch and the rule. */
void policy_apply(struct epcap_state *st);

/* Whether a caller other than root may capture on `name`: "any", or a
 * network interface the kernel has under exactly that name that libpcap
 * opens as one (not a name it hands to another capture source). 0, or the
 * error code with the reason in why. */
int policy_device_refusal(const char *name, char *why, size_t why_len);

#endif
