/* A bounded sender: writes COUNT Ethernet/IPv4/UDP frames of SIZE bytes on
 * an AF_PACKET socket bound to IF, in batches of sendmmsg(2), as fast as the
 * kernel takes them, spread over FLOWS UDP source ports. Meant for the veth
 * pairs in the benchmark's own network namespaces only.
 *   blast IF COUNT [SIZE [FLOWS]]
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"

#define BATCH 256

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: blast IF COUNT [SIZE [FLOWS]]\n");
        return 2;
    }
    unsigned ifindex = if_nametoindex(argv[1]);
    unsigned long count = strtoul(argv[2], NULL, 10);
    size_t size = argc > 3 ? strtoul(argv[3], NULL, 10) : 64;
    unsigned flows = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : 64;
    if (!ifindex || !count || count > 100000000ul || size < FRAME_MIN || size > FRAME_MAX || !flows) {
        fprintf(stderr, "blast: bad argument\n");
        return 2;
    }
    int s = socket(AF_PACKET, SOCK_RAW, 0); /* protocol 0: send only, never receive */
    if (s < 0) {
        perror("socket");
        return 1;
    }
    struct sockaddr_ll addr;
    memset(&addr, 0, sizeof addr);
    addr.sll_family = AF_PACKET;
    addr.sll_ifindex = (int)ifindex;
    addr.sll_halen = ETH_ALEN;
    if (bind(s, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    static uint8_t frames[BATCH][FRAME_MAX];
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = frames[i];
        iov[i].iov_len = size;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long sent = 0;
    while (sent < count) {
        unsigned n = count - sent < BATCH ? (unsigned)(count - sent) : BATCH;
        for (unsigned i = 0; i < n; i++)
            frame_build(frames[i], size, (uint32_t)((sent + i) % flows), (uint32_t)(sent + i));
        int r = sendmmsg(s, msgs, n, 0);
        if (r < 0) {
            perror("sendmmsg");
            return 1;
        }
        sent += (unsigned long)r;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double dt = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("sent %lu seconds %.3f pps %.0f\n", sent, dt, sent / dt);
    close(s);
    return 0;
}
