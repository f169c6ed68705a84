/* Test oracle: reads a capture file with libpcap at nanosecond precision
 * and prints one line per packet, "sec.nsec caplen len". Exit 1 (message
 * on stderr) if the file cannot be opened or a read fails midway.
 *
 *   test/pcapdump FILE [FILTER]
 *   test/pcapdump -c FILE      count only (a libpcap loop, the rate to beat) */
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_packet(u_char *user, const struct pcap_pkthdr *h,
                         const u_char *bytes) {
  (void)user;
  (void)bytes;
  (void)printf("%" PRId64 ".%09ld %u %u\n", (int64_t)h->ts.tv_sec,
               (long)h->ts.tv_usec, h->caplen, h->len);
}

static void count_packet(u_char *user, const struct pcap_pkthdr *h,
                         const u_char *bytes) {
  uint64_t *n = (uint64_t *)user;
  (void)h;
  (void)bytes;
  (*n)++;
}

int main(int argc, char *argv[]) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  int count_only = argc > 1 && strcmp(argv[1], "-c") == 0;
  const char *file = argv[1 + count_only];
  uint64_t n = 0;
  pcap_t *p;
  int rc;

  if (argc < 2 + count_only) {
    (void)fprintf(stderr, "usage: pcapdump [-c] FILE [FILTER]\n");
    return 2;
  }
  p = pcap_open_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO,
                                              errbuf);
  if (p == NULL) {
    (void)fprintf(stderr, "pcapdump: %s\n", errbuf);
    return 1;
  }
  if (argc > 2 + count_only) {
    struct bpf_program prog;
    if (pcap_compile(p, &prog, argv[2 + count_only], 1,
                     PCAP_NETMASK_UNKNOWN) < 0 ||
        pcap_setfilter(p, &prog) < 0) {
      (void)fprintf(stderr, "pcapdump: %s\n", pcap_geterr(p));
      return 1;
    }
  }

  rc = pcap_loop(p, -1, count_only ? count_packet : print_packet, (u_char *)&n);
  if (count_only)
    (void)printf("%" PRIu64 "\n", n);
  if (rc == PCAP_ERROR) {
    (void)fflush(stdout);
    (void)fprintf(stderr, "pcapdump: %s\n", pcap_geterr(p));
    return 1;
  }
  pcap_close(p);
  return 0;
}
