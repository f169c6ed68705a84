#include "fatal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

/* The route is file-level on purpose: fatal() is called from every part,
 * many of which are never given the state (options, caller, jail run
 * before or apart from it), and it is the one thing they share. Set twice,
 * by main: at start (the pipe) and at READY (the chosen sink). */
static const struct frame_sink *pipe_route;
static const struct frame_sink *route;

void fatal_init(const struct frame_sink *pipe) {
  pipe_route = pipe;
  route = pipe;
}

void fatal_follow(const struct frame_sink *sink) { route = sink; }

static noreturn void send_and_exit(const struct frame_sink *to,
                                   enum exit_status status,
                                   enum error_code code, const char *fmt,
                                   va_list ap) {
  char msg[WIRE_ERROR_MAX_MESSAGE];

  (void)vsnprintf(msg, sizeof(msg), fmt, ap);
  log_msg(0, "%s", msg);
  /* Only before main's first line: nobody to tell but stderr. */
  if (to != NULL)
    to->ops->put_fatal(to->ctx, code, msg);
  exit(status);
}

noreturn void fatal(enum exit_status status, enum error_code code,
                    const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  send_and_exit(route, status, code, fmt, ap);
}

noreturn void fatal_via_pipe(enum exit_status status, enum error_code code,
                             const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  send_and_exit(pipe_route, status, code, fmt, ap);
}
