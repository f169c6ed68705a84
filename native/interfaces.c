#include "interfaces.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "fatal.h"
#include "log.h"
#include "policy.h"
#include "wire.h"

/* Points at the address bytes of an IPv4 or IPv6 sockaddr and says how
 * many there are; 0 for every other family (AF_PACKET and the like). */
static size_t address_bytes(const struct sockaddr *sa, const unsigned char **b) {
  if (sa == NULL)
    return 0;
  if (sa->sa_family == AF_INET) {
    *b = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
    return 4;
  }
  if (sa->sa_family == AF_INET6) {
    *b = (const unsigned char *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
    return 16;
  }
  return 0;
}

/* Leading one bits of the netmask; a missing mask means a host address.
 * The mask's own family is not trusted (it is AF_UNSPEC on some systems). */
static unsigned prefix_length(const pcap_addr_t *a, size_t len) {
  const unsigned char *m;
  unsigned bits = 0;

  if (a->netmask == NULL)
    return (unsigned)(len * 8);
  m = (const unsigned char *)(len == 4
                                  ? (const void *)&((const struct sockaddr_in *)a->netmask)->sin_addr
                                  : (const void *)&((const struct sockaddr_in6 *)a->netmask)->sin6_addr);
  for (size_t i = 0; i < len; i++) {
    unsigned char byte = m[i];
    while (byte & 0x80) {
      bits++;
      byte = (unsigned char)(byte << 1);
    }
    if (m[i] != 0xff)
      break;
  }
  return bits;
}

/* One INTERFACE frame. An interface may carry more addresses than a frame
 * holds (each takes up to 18 bytes; the kernel sets no limit): the frame
 * then lists as many as fit, in the kernel's order, and says so on stderr. */
static void send_interface(struct wire_out *out, const pcap_if_t *d) {
  const char *desc = d->description ? d->description : "";
  size_t body = str16_size(d->name) + str16_size(desc) + 4 + 2;
  uint16_t count = 0;
  unsigned long skipped = 0;
  unsigned char *p;

  for (const pcap_addr_t *a = d->addresses; a; a = a->next) {
    const unsigned char *b;
    size_t n = address_bytes(a->addr, &b);
    if (n == 0)
      continue;
    if (count == UINT16_MAX || body + 2 + n > WIRE_MAX_BODY) {
      skipped++;
      continue;
    }
    body += 2 + n;
    count++;
  }
  if (skipped > 0)
    log_msg(0, "%s: %lu addresses left out of its INTERFACE frame", d->name,
            skipped);

  p = wire_begin(out, FRAME_INTERFACE, body);
  p = put_str16(p, d->name);
  p = put_str16(p, desc);
  p = put_u32(p, d->flags);
  p = put_u16(p, count);
  for (const pcap_addr_t *a = d->addresses; a && count > 0; a = a->next) {
    const unsigned char *b;
    size_t n = address_bytes(a->addr, &b);
    if (n == 0)
      continue;
    p = put_u8(p, n == 4 ? 4 : 6);
    p = put_u8(p, (uint8_t)prefix_length(a, n));
    memcpy(p, b, n);
    p += n;
    count--;
  }
}

noreturn void interfaces_list(struct wire_out *out, bool all) {
  char errbuf[PCAP_ERRBUF_SIZE] = "", why[256];
  pcap_if_t *devs = NULL;

  if (pcap_findalldevs(&devs, errbuf) < 0)
    fatal(EXIT_STARTUP, ERR_CAPTURE_ERROR, "listing devices: %s", errbuf);
  for (const pcap_if_t *d = devs; d != NULL; d = d->next)
    if (all || policy_device_refusal(d->name, why, sizeof(why)) == 0)
      send_interface(out, d);
  pcap_freealldevs(devs);

  wire_empty_frame(out, FRAME_EOF);
  wire_flush(out);
  exit(EXIT_DONE);
}
