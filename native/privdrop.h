/* Giving up privileges once the capture is open. */
#ifndef EPCAP_PRIVDROP_H
#define EPCAP_PRIVDROP_H

#include "epcap.h"

/* File mode as root: act as the invoking user while the file is opened, so
 * the port reads no file that user could not read. No-op unless root. */
void privdrop_file_access_begin(const struct epcap_state *st);
void privdrop_file_access_end(void);

/* As root through sudo: act as the sudo caller while the shared-memory
 * ring is opened. No-op otherwise. */
void privdrop_caller_access_begin(void);
void privdrop_caller_access_end(void);

/* As root: chroot, drop groups, become the target user and group, verify.
 * Always: drop capabilities and set no_new_privs. Failures are fatal
 * (PRIVDROP). */
void privdrop(const struct epcap_state *st);

#endif
