/* -L: the devices libpcap sees, as INTERFACE frames into out, then EOF.
 * With `all` false (a caller other than root), only those the caller may
 * open. */
#ifndef EPCAP_INTERFACES_H
#define EPCAP_INTERFACES_H

#include <stdbool.h>
#include <stdnoreturn.h>

#include "wire.h"

noreturn void interfaces_list(struct wire_out *out, bool all);

#endif
