#include "affinity.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "fatal.h"
#include "wire.h"

static int cpu_number(const char **s, long *cpu) {
  char *end = NULL;

  if (**s < '0' || **s > '9')
    return -1;
  errno = 0;
  *cpu = strtol(*s, &end, 10);
  if (errno != 0 || *cpu >= CPU_SETSIZE)
    return -1;
  *s = end;
  return 0;
}

static int parse(const char *s, cpu_set_t *set) {
  CPU_ZERO(set);
  for (;;) {
    long first, last;

    if (cpu_number(&s, &first) < 0)
      return -1;
    last = first;
    if (*s == '-') {
      s++;
      if (cpu_number(&s, &last) < 0 || last < first)
        return -1;
    }
    for (long c = first; c <= last; c++)
      CPU_SET((int)c, set);
    if (*s == '\0')
      return 0;
    if (*s++ != ',')
      return -1;
  }
}

void affinity_apply(const char *cpulist) {
  cpu_set_t set;

  if (parse(cpulist, &set) < 0)
    fatal(EXIT_STARTUP, ERR_BAD_OPTION,
          "invalid -a (cpu list) value '%s': expected e.g. 1,3,5-7",
          cpulist);
  if (sched_setaffinity(0, sizeof(set), &set) < 0)
    fatal(EXIT_STARTUP, ERR_BAD_OPTION, "cannot pin to CPUs '%s': %s",
          cpulist, strerror(errno));
}
