/* The physical limit: count packets with libpcap's own loop, nothing else.
 *   pcapcount -f FILE
 *   pcapcount -i IF [-n COUNT] [-w SECONDS] [-b BUFFER_BYTES] [-s SNAPLEN] [-t MS]
 * Live, it stops after COUNT packets or when no packet came for SECONDS
 * (default 2); -t MS sets libpcap's timeout instead of immediate mode (the
 * default, as the port's). Prints one line: packets, bytes, seconds,
 * packets/s, and live the kernel's received and dropped counts. */
#include <pcap/pcap.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct count {
    unsigned long long packets, bytes;
};

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
    (void)data;
    struct count *c = (struct count *)user;
    c->packets++;
    c->bytes += h->caplen;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *file = NULL, *dev = NULL;
    unsigned long long limit = 0;
    int idle = 2, buffer = 64 << 20, snaplen = 262144, timeout_ms = 0, ch;
    while ((ch = getopt(argc, argv, "f:i:n:w:b:s:t:")) != -1) {
        switch (ch) {
        case 'f': file = optarg; break;
        case 'i': dev = optarg; break;
        case 'n': limit = strtoull(optarg, NULL, 10); break;
        case 'w': idle = atoi(optarg); break;
        case 'b': buffer = atoi(optarg); break;
        case 's': snaplen = atoi(optarg); break;
        case 't': timeout_ms = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: pcapcount -f FILE | -i IF [-n COUNT] [-w SECONDS] [-b BYTES] [-s SNAPLEN] [-t MS]\n");
            return 2;
        }
    }
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p;
    struct count c = {0, 0};
    if (file) {
        p = pcap_open_offline(file, err);
        if (!p) {
            fprintf(stderr, "pcapcount: %s\n", err);
            return 1;
        }
        double t0 = now();
        while (pcap_dispatch(p, 4096, on_packet, (u_char *)&c) > 0)
            ;
        double dt = now() - t0;
        printf("packets %llu bytes %llu seconds %.3f pps %.0f\n", c.packets, c.bytes, dt, c.packets / dt);
        pcap_close(p);
        return 0;
    }
    if (!dev) {
        fprintf(stderr, "pcapcount: -f or -i needed\n");
        return 2;
    }
    p = pcap_create(dev, err);
    if (!p) {
        fprintf(stderr, "pcapcount: %s\n", err);
        return 1;
    }
    pcap_set_snaplen(p, snaplen);
    if (timeout_ms > 0)
        pcap_set_timeout(p, timeout_ms);
    else
        pcap_set_immediate_mode(p, 1);
    pcap_set_buffer_size(p, buffer);
    if (pcap_activate(p) < 0 || pcap_setnonblock(p, 1, err) < 0) {
        fprintf(stderr, "pcapcount: %s\n", pcap_geterr(p));
        return 1;
    }
    /* Tell the caller the capture is open: it starts the sender on this line. */
    printf("ready\n");
    fflush(stdout);
    struct pollfd pfd = {pcap_get_selectable_fd(p), POLLIN, 0};
    double first = 0, last = 0;
    for (;;) {
        int r = poll(&pfd, 1, idle * 1000);
        if (r == 0)
            break;
        int n;
        while ((n = pcap_dispatch(p, 4096, on_packet, (u_char *)&c)) > 0)
            ;
        if (n < 0) {
            fprintf(stderr, "pcapcount: %s\n", pcap_geterr(p));
            break;
        }
        if (c.packets && first == 0)
            first = now();
        last = now();
        if (limit && c.packets >= limit)
            break;
    }
    struct pcap_stat st = {0, 0, 0};
    pcap_stats(p, &st);
    double dt = last > first ? last - first : 1e-9;
    printf("packets %llu bytes %llu seconds %.3f pps %.0f received %u dropped %u\n",
           c.packets, c.bytes, dt, c.packets / dt, st.ps_recv, st.ps_drop);
    pcap_close(p);
    return 0;
}
