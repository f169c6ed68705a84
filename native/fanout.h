/* Fan-out across processes (-c cluster id): captures that join the same
 * group share the traffic, each flow going to one of them. */
#ifndef EPCAP_FANOUT_H
#define EPCAP_FANOUT_H

#include <pcap/pcap.h>

/* Before pcap_create: a PF_RING build passes the id in the environment
 * (PCAP_PF_RING_CLUSTER_ID); a no-op otherwise. Returns 0 or -1 (errno). */
int fanout_prepare(int group);

/* Joins the activated live capture p to fan-out group `group` (0..255).
 * Returns 0, or -1 with errno set. */
int fanout_join(pcap_t *p, int group);

#endif
