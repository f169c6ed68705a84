/* Giving up privileges once the capture is open. */
#ifndef EPCAP_PRIVDROP_H
#define EPCAP_PRIVDROP_H

#include "epcap.h"

/* As root: chroot (-d, else the private jail), drop groups, become
 * st->drop_to, verify.
 * Always: drop capabilities and set no_new_privs. Failures are fatal
 * (PRIVDROP). */
void privdrop(struct epcap_state *st);

#endif
