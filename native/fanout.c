/* Stock Linux fan-out: PACKET_FANOUT with flow hashing on libpcap's
 * AF_PACKET socket. (A PF_RING build would instead set
 * PCAP_PF_RING_CLUSTER_ID in the environment before pcap_create.) */
#include "fanout.h"

#include <linux/if_packet.h>
#include <sys/socket.h>

#ifndef SOL_PACKET
#define SOL_PACKET 263
#endif

int fanout_join(pcap_t *p, int group) {
  /* Low 16 bits: the group id; high 16 bits: how packets are spread. Hash
   * keeps both directions of a flow on one capture; defrag hashes IP
   * fragments as their whole datagram. */
  int arg = (group & 0xffff) |
            ((PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG) << 16);

  return setsockopt(pcap_fileno(p), SOL_PACKET, PACKET_FANOUT, &arg,
                    sizeof(arg));
}
