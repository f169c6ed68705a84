/* Closing every descriptor a caller left open, past stderr, in both
 * builds: glibc's (which has a close_range wrapper) and the static one
 * over musl (which has none, see static/build.sh). */
#ifndef EPCAP_CLOSE_INHERITED_H
#define EPCAP_CLOSE_INHERITED_H

/* Closes every descriptor from `from` up. close_range(2) where the kernel
 * has it (5.9+); on an older kernel, which a static port may meet, one
 * close per descriptor up to the soft RLIMIT_NOFILE. Errors are ignored:
 * a descriptor that cannot be closed was not open. */
void close_inherited(int from);

#endif
