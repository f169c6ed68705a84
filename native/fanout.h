/* Fan-out across processes (-c cluster id): captures that join the same
 * group share the traffic, each flow going to one of them. */
#ifndef EPCAP_FANOUT_H
#define EPCAP_FANOUT_H

#include <pcap/pcap.h>

/* Joins the activated live capture p to fan-out group `group` (0..255).
 * Returns 0, or -1 with errno set. */
int fanout_join(pcap_t *p, int group);

#endif
