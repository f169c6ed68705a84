#include "log.h"

#include <stdarg.h>
#include <stdio.h>

int log_verbosity;

void log_msg(int level, const char *fmt, ...) {
  va_list ap;

  if (log_verbosity < level)
    return;

  va_start(ap, fmt);
  (void)fputs("epcap: ", stderr);
  (void)vfprintf(stderr, fmt, ap);
  (void)fputc('\n', stderr);
  va_end(ap);
}
