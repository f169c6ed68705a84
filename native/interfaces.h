/* -L: the devices libpcap sees, as INTERFACE frames, then EOF. With `all`
 * false (a caller other than root), only those the caller may open. */
#ifndef EPCAP_INTERFACES_H
#define EPCAP_INTERFACES_H

#include <stdbool.h>
#include <stdnoreturn.h>

noreturn void interfaces_list(bool all);

#endif
