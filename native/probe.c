/* -p: can this binary, run the way it was just run, open a live capture?
 * The Java library (org.epcap.Privileges) asks once per port program to
 * choose its default exec prefix: no `sudo -n` for a port program that is
 * root already or carries file capabilities (setcap). */
#include "probe.h"

#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wire.h"

static int permitted(int cap) {
  struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3,
                                         .pid = 0};
  struct __user_cap_data_struct data[2];

  memset(data, 0, sizeof(data));
  if (syscall(SYS_capget, &hdr, data) < 0)
    return 0;
  return (data[cap / 32].permitted >> (cap % 32)) & 1;
}

noreturn void probe_privileges(void) {
  const char *answer = "none";
  int raw = permitted(CAP_NET_RAW), admin = permitted(CAP_NET_ADMIN);

  /* CAP_NET_RAW opens the AF_PACKET socket; CAP_NET_ADMIN is what
   * promiscuous and monitor mode may need, reported for the record. */
  if (geteuid() == 0)
    answer = "root";
  else if (raw)
    answer = "capabilities";
  (void)printf("%s cap_net_raw=%d cap_net_admin=%d\n", answer, raw, admin);
  (void)fflush(stdout);
  exit(EXIT_DONE);
}
