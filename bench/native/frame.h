/* One Ethernet/IPv4/UDP frame of a given size, addressed inside
 * 169.254.0.0/16 with a destination MAC no host owns, so that a receiving
 * stack drops it before IP and sends nothing back. The flow number varies
 * the UDP source port, so that hashing fan-out sees many flows. */
#ifndef BENCH_FRAME_H
#define BENCH_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FRAME_MIN 60
#define FRAME_MAX 1514

static inline uint16_t frame_ip_sum(const uint8_t *h)
{
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += (uint32_t)(h[i] << 8 | h[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static inline void frame_build(uint8_t *f, size_t len, uint32_t flow, uint32_t seq)
{
    static const uint8_t dst[6] = {0x02, 0x00, 0x5e, 0x00, 0x00, 0x02};
    static const uint8_t src[6] = {0x02, 0x00, 0x5e, 0x00, 0x00, 0x01};
    size_t ip_len = len - 14, udp_len = ip_len - 20;

    memset(f, 0, len);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;
    f[13] = 0x00;

    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    ip[2] = (uint8_t)(ip_len >> 8);
    ip[3] = (uint8_t)ip_len;
    ip[8] = 64;
    ip[9] = 17;
    ip[12] = 169; ip[13] = 254; ip[14] = 1; ip[15] = 1;
    ip[16] = 169; ip[17] = 254; ip[18] = 1; ip[19] = 2;
    uint16_t sum = frame_ip_sum(ip);
    ip[10] = (uint8_t)(sum >> 8);
    ip[11] = (uint8_t)sum;

    uint8_t *udp = ip + 20;
    uint16_t sport = (uint16_t)(10000 + flow % 50000);
    udp[0] = (uint8_t)(sport >> 8);
    udp[1] = (uint8_t)sport;
    udp[2] = 0x00;
    udp[3] = 9; /* discard */
    udp[4] = (uint8_t)(udp_len >> 8);
    udp[5] = (uint8_t)udp_len;
    if (udp_len >= 12) {
        uint8_t *p = udp + 8;
        p[0] = (uint8_t)(seq >> 24);
        p[1] = (uint8_t)(seq >> 16);
        p[2] = (uint8_t)(seq >> 8);
        p[3] = (uint8_t)seq;
    }
}

#endif
