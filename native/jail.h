/* The chroot that root enters before giving up its identity. */
#ifndef EPCAP_JAIL_H
#define EPCAP_JAIL_H

/* No -d: a read-only tmpfs in a private mount namespace holding only
 * etc/services, etc/protocols, etc/hosts and a files-only
 * etc/nsswitch.conf (so named ports, protocols and hosts still resolve in
 * SET_FILTER); if that cannot be made,
 * an empty directory that is deleted at once. Fatal (PRIVDROP) only when
 * neither works. */
void jail_enter_private(void);

/* -d dir, opened by policy.c as dir_fd: chroot there. Named ports need
 * dir/etc/services, protocols dir/etc/protocols. Fatal (PRIVDROP) on
 * failure. */
void jail_enter(int dir_fd, const char *dir);

#endif
