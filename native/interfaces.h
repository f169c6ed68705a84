/* -L: the devices libpcap sees, as INTERFACE frames, then EOF. */
#ifndef EPCAP_INTERFACES_H
#define EPCAP_INTERFACES_H

#include <stdnoreturn.h>

noreturn void interfaces_list(void);

#endif
