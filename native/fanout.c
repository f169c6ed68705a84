/* Fan-out across captures (-c cluster id).
 *
 * Stock Linux: PACKET_FANOUT with flow hashing on libpcap's AF_PACKET
 * socket, joined after activation. A PF_RING build (make PFRING=...)
 * instead hands the id to PF_RING's libpcap in PCAP_PF_RING_CLUSTER_ID
 * before pcap_create, as the seed does; that path is untested here. */
#include "fanout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#ifndef SOL_PACKET
#define SOL_PACKET 263
#endif

#ifdef EPCAP_PF_RING

int fanout_prepare(int group) {
  char id[8];

  (void)snprintf(id, sizeof(id), "%d", group);
  return setenv("PCAP_PF_RING_CLUSTER_ID", id, 1);
}

int fanout_join(pcap_t *p, int group) {
  (void)p;
  (void)group;
  return 0; /* PF_RING's libpcap joined the cluster in pcap_activate */
}

#else

int fanout_prepare(int group) {
  (void)group;
  return 0;
}

int fanout_join(pcap_t *p, int group) {
  /* Low 16 bits: the group id; high 16 bits: how packets are spread. Hash
   * keeps both directions of a flow on one capture; defrag hashes IP
   * fragments as their whole datagram. */
  int arg = (group & 0xffff) |
            ((PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG) << 16);

  return setsockopt(pcap_fileno(p), SOL_PACKET, PACKET_FANOUT, &arg,
                    sizeof(arg));
}

#endif
