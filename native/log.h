/* Human diagnostics on stderr (-v, repeatable). Nothing parses them. */
#ifndef EPCAP_LOG_H
#define EPCAP_LOG_H

extern int log_verbosity;

/* Printed when log_verbosity >= level; level 0 always prints. */
void log_msg(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
