/* Fatal errors, from every part of the port: a fatal ERROR frame goes
 * where the reader looks for it, the message also to stderr, and the
 * process exits. Before READY that is the pipe; from READY on, the sink
 * chosen then (docs/protocol.md, "Shared-memory ring"). */
#ifndef EPCAP_FATAL_H
#define EPCAP_FATAL_H

#include <stdnoreturn.h>

#include "sink.h"
#include "wire.h"

/* First thing in main: the pipe, where errors go until READY. */
void fatal_init(const struct frame_sink *pipe);

/* When READY is sent: from now on errors follow the packets into sink. */
void fatal_follow(const struct frame_sink *sink);

/* Sends a fatal ERROR (after any frames already sent or buffered), prints
 * it on stderr, and exits with the status. */
noreturn void fatal(enum exit_status status, enum error_code code,
                    const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same through the pipe whatever sink was chosen: for a failure of the
 * sink itself (a ring the reader corrupted can carry nothing more). */
noreturn void fatal_via_pipe(enum exit_status status, enum error_code code,
                             const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
