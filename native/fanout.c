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
#include <string.h>
#include <unistd.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#ifndef SOL_PACKET
#define SOL_PACKET 263
#endif

/* Where the kernel's answer is read; a dump comes in several messages. */
#define DIAG_BUFFER (32U << 10)

/* Counts the sockets of one diag message batch that are in `group` and
 * not owned by `uid`; 1 when the dump is done, 0 to read on, -1 on error. */
static int count_batch(const char *buf, ssize_t len, int group, uid_t uid,
                       int *foreign) {
  for (const struct nlmsghdr *h = (const void *)buf; NLMSG_OK(h, len);
       h = NLMSG_NEXT(h, len)) {
    const struct packet_diag_msg *m = NLMSG_DATA(h);
    const struct nlattr *a;
    int in_group = 0, rest;
    uint32_t owner = (uint32_t)-1;

    if (h->nlmsg_type == NLMSG_DONE)
      return 1;
    if (h->nlmsg_type == NLMSG_ERROR) {
      const struct nlmsgerr *e = NLMSG_DATA(h);
      errno = e->error ? -e->error : EPROTO;
      return -1;
    }
    rest = (int)h->nlmsg_len - NLMSG_LENGTH(sizeof(*m));
    for (a = (const void *)(m + 1); rest >= (int)sizeof(*a) &&
                                     a->nla_len >= sizeof(*a) &&
                                     (int)a->nla_len <= rest;
         rest -= NLA_ALIGN(a->nla_len),
        a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
      uint32_t v;

      if (a->nla_len < NLA_HDRLEN + sizeof(v))
        continue;
      memcpy(&v, (const char *)a + NLA_HDRLEN, sizeof(v));
      if ((a->nla_type & NLA_TYPE_MASK) == PACKET_DIAG_UID)
        owner = v;
      else if ((a->nla_type & NLA_TYPE_MASK) == PACKET_DIAG_FANOUT)
        in_group = (int)(v & 0xffff) == group;
    }
    if (in_group && owner != (uint32_t)uid)
      (*foreign)++;
  }
  return 0;
}

int fanout_foreign_members(int group, uid_t uid) {
  struct {
    struct nlmsghdr nlh;
    struct packet_diag_req req;
  } ask = {
      .nlh = {.nlmsg_len = sizeof(ask),
              .nlmsg_type = SOCK_DIAG_BY_FAMILY,
              .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
      .req = {.sdiag_family = AF_PACKET,
              /* the owner (PACKET_DIAG_UID) comes with the info */
              .pdiag_show = PACKET_SHOW_INFO | PACKET_SHOW_FANOUT},
  };
  static char buf[DIAG_BUFFER];
  int foreign = 0, done = 0;
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

  if (fd < 0)
    return -1;
  if (send(fd, &ask, sizeof(ask), 0) < 0)
    goto fail;
  while (!done) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);

    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = EPROTO;
      goto fail;
    }
    done = count_batch(buf, n, group, uid, &foreign);
    if (done < 0)
      goto fail;
  }
  (void)close(fd);
  return foreign;

fail : {
  int e = errno;
  (void)close(fd);
  errno = e;
  return -1;
}
}

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
  uint32_t bits = ((uint32_t)group & 0xffff) |
                  ((uint32_t)(PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG)
                   << 16);
  int arg;

  /* The flag DEFRAG is 0x8000: shifted, it needs the sign bit of the int
   * the kernel reads, which only an unsigned shift may set. */
  memcpy(&arg, &bits, sizeof(arg));

  return setsockopt(pcap_fileno(p), SOL_PACKET, PACKET_FANOUT, &arg,
                    sizeof(arg));
}

#endif
