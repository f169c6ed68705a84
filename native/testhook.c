#include "testhook.h"

#ifdef EPCAP_TEST_HOOKS
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

void testhook_forbidden(const char *what) {
  long rc = -1;

  if (strcmp(what, "open") == 0) {
    rc = open("/epcap-forbidden", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  } else if (strcmp(what, "exec") == 0) {
    char *const argv[] = {"sh", "-c", "true", NULL};
    char *const envp[] = {NULL};
    rc = execve("/bin/sh", argv, envp);
  }
  log_msg(0, "test hook: forbidden '%s' returned %ld (%s): not killed", what,
          rc, rc < 0 ? strerror(errno) : "ok");
}
#else
/* ISO C wants something in a translation unit. */
typedef int testhook_unused;
#endif
