/* No restriction beyond the privilege drop: for debugging (strace, gdb)
 * and for systems where neither seccomp nor rlimits are wanted. */
#include "restrict.h"

const char restrict_mode[] = "null";

int restrict_process(const struct epcap_state *st) {
  (void)st;
  return 0;
}
