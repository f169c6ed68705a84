/* Test-only: a forbidden system call made on purpose after READY, to show
 * that the sandbox kills the port. Compiled in only with -DEPCAP_TEST_HOOKS
 * (`make epcap-debug`); the released epcap has no -Z switch. */
#ifndef EPCAP_TESTHOOK_H
#define EPCAP_TESTHOOK_H

#ifdef EPCAP_TEST_HOOKS
/* "open" (openat for writing) or "exec" (execve /bin/sh). Returns if the call was allowed (null mode), after
 * saying so on stderr. */
void testhook_forbidden(const char *what);
#endif

#endif
