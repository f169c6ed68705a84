/* Fan-out across processes (-c cluster id): captures that join the same
 * group share the traffic, each flow going to one of them. */
#ifndef EPCAP_FANOUT_H
#define EPCAP_FANOUT_H

#include <pcap/pcap.h>
#include <sys/types.h>

/* Before pcap_create: a PF_RING build passes the id in the environment
 * (PCAP_PF_RING_CLUSTER_ID); a no-op otherwise. Returns 0 or -1 (errno). */
int fanout_prepare(int group);

/* How many packet sockets in this network namespace are in fan-out group
 * `group` and belong to a user other than `uid` (the kernel's sock_diag
 * says); -1 with errno set when it cannot tell. */
int fanout_foreign_members(int group, uid_t uid);

/* Joins the activated live capture p to fan-out group `group` (0..65535).
 * Returns 0, or -1 with errno set. */
int fanout_join(pcap_t *p, int group);

#endif
