/* -p: the capture privileges this process holds. */
#ifndef EPCAP_PROBE_H
#define EPCAP_PROBE_H

#include <stdnoreturn.h>

/* Prints one line on stdout and exits 0 (no frames: this is not a
 * capture). The first word is "root" (effective uid 0), "capabilities"
 * (CAP_NET_RAW in the permitted set, e.g. from setcap) or "none"; then
 * "cap_net_raw=0|1 cap_net_admin=0|1". */
noreturn void probe_privileges(void);

#endif
