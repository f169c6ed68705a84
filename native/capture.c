#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "fanout.h"
#include "fatal.h"
#include "log.h"
#include "mapped_file.h"
#include "policy.h"
#include "privdrop.h"
#include "wire.h"

/* For what cannot be mapped (a pipe, a FIFO): stdio's default 4 KiB
 * buffer costs a read(2) every few dozen packets. */
#define FILE_READ_BUFFER (1U << 20)

/* Unused in immediate mode, but libpcap wants a value. */
#define IMMEDIATE_TIMEOUT_MS 1000

void capture_open_file(struct epcap_state *st) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  const char *path = st->opt.file;
  FILE *fp;
  int fd;

  /* Opened here rather than by pcap_open_offline: errno tells a permission
   * problem from a missing file, and "-" is a file, not our stdin. */
  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    fatal(EXIT_STARTUP,
          (errno == EACCES || errno == EPERM) ? ERR_PERMISSION_DENIED
                                              : ERR_FILE_ERROR,
          "%s: %s", path, strerror(errno));
  /* A regular file is read from a mapping: libpcap's reads then cost one
   * copy each, which is what lets the port keep up with libpcap's own
   * loop (bench/port-bench.sh). */
  fp = mapped_file_open(fd);
  if (fp == NULL) {
    fp = fdopen(fd, "rb");
    if (fp == NULL)
      fatal(EXIT_STARTUP, ERR_FILE_ERROR, "%s: %s", path, strerror(errno));
    (void)setvbuf(fp, NULL, _IOFBF, FILE_READ_BUFFER);
  }

  /* Always nanoseconds: nothing is lost for nanosecond files, and the
   * wire carries nanoseconds anyway. */
  st->pcap = pcap_fopen_offline_with_tstamp_precision(
      fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (st->pcap == NULL)
    fatal(EXIT_STARTUP, ERR_FILE_ERROR, "%s: %s", path, errbuf);

  st->source = path;
  st->netmask = PCAP_NETMASK_UNKNOWN;
  st->datalink = pcap_datalink(st->pcap);
  st->precision = pcap_get_tstamp_precision(st->pcap);
}

/* "Trust in pcap": no -i means the first device libpcap finds; for a
 * caller other than root, the first one policy.c allows them. */
static const char *default_device(struct epcap_state *st) {
  char errbuf[PCAP_ERRBUF_SIZE] = "", why[256];
  pcap_if_t *devs = NULL, *d;

  if (pcap_findalldevs(&devs, errbuf) < 0)
    fatal(EXIT_STARTUP, ERR_NO_SUCH_DEVICE, "no capture device: %s",
          errbuf);
  for (d = devs; d != NULL && !st->caller.trusted; d = d->next)
    if (policy_device_refusal(d->name, why, sizeof(why)) == 0)
      break;
  if (d == NULL)
    fatal(EXIT_STARTUP, ERR_NO_SUCH_DEVICE, "no capture device found");

  st->found_device = strdup(d->name);
  pcap_freealldevs(devs);
  if (st->found_device == NULL)
    fatal(EXIT_STARTUP, ERR_INTERNAL, "out of memory");
  return st->found_device;
}

static enum error_code activate_error(int status) {
  switch (status) {
  case PCAP_ERROR_NO_SUCH_DEVICE:
    return ERR_NO_SUCH_DEVICE;
  case PCAP_ERROR_PERM_DENIED:
    return ERR_PERMISSION_DENIED;
  case PCAP_ERROR_PROMISC_PERM_DENIED:
    return ERR_PROMISC_PERM_DENIED;
  case PCAP_ERROR_RFMON_NOTSUP:
    return ERR_RFMON_NOT_SUPPORTED;
  case PCAP_ERROR_IFACE_NOT_UP:
    return ERR_IFACE_NOT_UP;
  default:
    return ERR_CAPTURE_ERROR;
  }
}

/* In immediate mode libpcap's ring has one slot per packet, sized by the
 * snaplen when the interface offloads (veth, lo): libpcap's 2 MiB default
 * then holds about 30 packets at snaplen 65535 and a short burst is lost.
 * Unless -b says otherwise, room for IMMEDIATE_SLOTS packets, within bounds. */
#define IMMEDIATE_SLOTS 1024
#define IMMEDIATE_BUFFER_MIN (2 << 20)
#define IMMEDIATE_BUFFER_MAX (32 << 20)

static int immediate_buffer_size(int snaplen) {
  long want = (long)IMMEDIATE_SLOTS * (snaplen + 128);

  if (want < IMMEDIATE_BUFFER_MIN)
    return IMMEDIATE_BUFFER_MIN;
  if (want > IMMEDIATE_BUFFER_MAX)
    return IMMEDIATE_BUFFER_MAX;
  return (int)want;
}

static void configure(pcap_t *p, const struct epcap_options *opt) {
  (void)pcap_set_snaplen(p, opt->snaplen);
  (void)pcap_set_promisc(p, opt->promisc);
  if (opt->rfmon)
    (void)pcap_set_rfmon(p, 1);
  if (opt->buffer_size > 0)
    (void)pcap_set_buffer_size(p, opt->buffer_size);
  else if (opt->timeout_ms == EPCAP_TIMEOUT_IMMEDIATE)
    (void)pcap_set_buffer_size(p, immediate_buffer_size(opt->snaplen));

  switch (opt->timeout_ms) {
  case EPCAP_TIMEOUT_IMMEDIATE:
    (void)pcap_set_immediate_mode(p, 1);
    (void)pcap_set_timeout(p, IMMEDIATE_TIMEOUT_MS);
    break;
  case EPCAP_TIMEOUT_INFINITY:
    /* 0 is not "forever" on Linux (the kernel picks a block timeout), so
     * the largest timeout stands for it, as in the seed. */
    (void)pcap_set_timeout(p, INT_MAX);
    break;
  default:
    (void)pcap_set_timeout(p, opt->timeout_ms);
    break;
  }

  /* Unsupported is not an error: READY reports the precision we got. */
  if (opt->nano &&
      pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) != 0)
    log_msg(1, "nanosecond timestamps not supported, using microseconds");
}

/* A caller other than root joins only a group whose members are all
 * theirs (the group id is already in their own range, policy.c): if the
 * kernel cannot say, the capture does not start. */
static void join_fanout(const struct epcap_state *st, pcap_t *p,
                        const char *dev) {
  int foreign = 0;

  if (!st->caller.trusted) {
    foreign = fanout_foreign_members(st->fanout_group, st->caller.id.uid);
    if (foreign < 0)
      fatal(EXIT_STARTUP, ERR_CAPTURE_ERROR,
            "cluster id %d: cannot list the members of fan-out group %d "
            "(sock_diag): %s", st->opt.cluster_id, st->fanout_group,
            strerror(errno));
    if (foreign > 0)
      fatal(EXIT_STARTUP, ERR_PERMISSION_DENIED,
            "cluster id %d: fan-out group %d has %d member(s) of another "
            "user", st->opt.cluster_id, st->fanout_group, foreign);
  }
  if (fanout_join(p, st->fanout_group) < 0)
    fatal(EXIT_STARTUP, ERR_CAPTURE_ERROR,
          "%s: joining fan-out group %d: %s", dev, st->fanout_group,
          strerror(errno));
}

/* The names libpcap gives a list of types, for a message: "EN10MB, DOCSIS". */
static void type_names(char *buf, size_t len, const int *vals, int n,
                       const char *(*name)(int)) {
  size_t used = 0;

  buf[0] = '\0';
  for (int i = 0; i < n && used < len; i++) {
    const char *nm = name(vals[i]);
    int w = nm != NULL
                ? snprintf(buf + used, len - used, "%s%s", i ? ", " : "", nm)
                : snprintf(buf + used, len - used, "%s%d", i ? ", " : "",
                           vals[i]);
    if (w < 0)
      break;
    used += (size_t)w;
  }
}

/* -j, before activation. libpcap only warns about a type the device lacks
 * and then keeps the default; the caller asked for that type, so it is an
 * error here, naming the ones the device has. */
static void set_tstamp_type(pcap_t *p, const char *dev, int type) {
  char have[512] = "";
  int *types = NULL;
  int n, status = pcap_set_tstamp_type(p, type);

  if (status == 0)
    return;
  n = pcap_list_tstamp_types(p, &types);
  if (n > 0)
    type_names(have, sizeof(have), types, n, pcap_tstamp_type_val_to_name);
  pcap_free_tstamp_types(types);
  fatal(EXIT_STARTUP, ERR_TSTAMP_TYPE_NOT_SUPPORTED,
        "%s: time-stamp type %s (-j) is not supported by this device: %s",
        dev, pcap_tstamp_type_val_to_name(type),
        n > 0 ? have : "it has only its default, which cannot be set");
}

/* -y, after activation: pcap_set_datalink refuses a type not in the
 * device's list. */
static void set_link_type(pcap_t *p, const char *dev, int dlt) {
  char have[512] = "";
  const char *name = pcap_datalink_val_to_name(dlt);
  int *dlts = NULL;
  int n;

  if (pcap_set_datalink(p, dlt) == 0)
    return;
  n = pcap_list_datalinks(p, &dlts);
  if (n > 0)
    type_names(have, sizeof(have), dlts, n, pcap_datalink_val_to_name);
  pcap_free_datalinks(dlts);
  if (name != NULL)
    fatal(EXIT_STARTUP, ERR_LINK_TYPE_NOT_SUPPORTED,
          "%s: link-layer type %s (-y) is not supported by this device; "
          "it has %s", dev, name, have);
  fatal(EXIT_STARTUP, ERR_LINK_TYPE_NOT_SUPPORTED,
        "%s: link-layer type %d (-y) is not supported by this device; it "
        "has %s", dev, dlt, have);
}

/* pcap_create and the settings that come before activation. Root on
 * behalf of another user: the socket is made with the caller's file
 * system uid (see activate), so set here too for what pcap_create opens. */
static pcap_t *create(struct epcap_state *st, const char *dev) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *p;

  if (!st->caller.trusted && geteuid() == 0)
    (void)setfsuid(st->caller.id.uid);
  p = pcap_create(dev, errbuf);
  if (p == NULL)
    fatal(EXIT_STARTUP, ERR_CAPTURE_ERROR, "%s: %s", dev, errbuf);
  configure(p, &st->opt);
  if (st->opt.tstamp_type >= 0)
    set_tstamp_type(p, dev, st->opt.tstamp_type);
  return p;
}

static void activate(struct epcap_state *st, pcap_t *p, const char *dev) {
  int status = pcap_activate(p);

  if (!st->caller.trusted && geteuid() == 0)
    (void)setfsuid(0);
  if (status < 0) {
    const char *msg = pcap_geterr(p);
    fatal(EXIT_STARTUP, activate_error(status), "%s: %s", dev,
          (msg && *msg) ? msg : pcap_statustostr(status));
  }
  if (status > 0)
    log_msg(0, "%s: %s: %s", dev, pcap_statustostr(status), pcap_geterr(p));
}

void capture_open_live(struct epcap_state *st) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  const char *dev = st->opt.device ? st->opt.device : default_device(st);
  bpf_u_int32 net = 0;
  pcap_t *p;

  if (st->fanout_group >= 0 && fanout_prepare(st->fanout_group) < 0)
    fatal(EXIT_STARTUP, ERR_CAPTURE_ERROR, "cluster id %d: %s",
          st->opt.cluster_id, strerror(errno));
  /* Root on behalf of another user: the socket is made with the caller's
   * file system uid, so the kernel (and fan-out's check below, and `ss`)
   * sees it as theirs. Network capabilities are not touched by fsuid. */
  p = create(st, dev);
  activate(st, p, dev);

  /* Before the filter is compiled: it is compiled for this type. */
  if (st->opt.link_type >= 0)
    set_link_type(p, dev, st->opt.link_type);

  if (pcap_setdirection(p, st->opt.direction) < 0)
    fatal(EXIT_STARTUP, ERR_CAPTURE_ERROR, "%s: setting direction: %s",
          dev, pcap_geterr(p));

  if (st->fanout_group >= 0)
    join_fanout(st, p, dev);

  /* Only "ip broadcast" needs it; an unknown mask just makes that fail. */
  if (pcap_lookupnet(dev, &net, &st->netmask, errbuf) < 0) {
    log_msg(2, "%s", errbuf);
    st->netmask = PCAP_NETMASK_UNKNOWN;
  }

  /* The event loop polls; pcap_dispatch must never block it. */
  if (pcap_setnonblock(p, 1, errbuf) < 0)
    fatal(EXIT_STARTUP, ERR_CAPTURE_ERROR, "%s: non-blocking mode: %s",
          dev, errbuf);

  st->pcap = p;
  st->source = dev;
  st->datalink = pcap_datalink(p);
  st->precision = pcap_get_tstamp_precision(p);
}

/* One entry of a TYPES frame's lists: value, name, description. */
static size_t type_entry_size(const char *name, const char *desc) {
  return 4 + str16_size(name ? name : "") + str16_size(desc ? desc : "");
}

static unsigned char *put_type_entry(unsigned char *p, int v,
                                     const char *name, const char *desc) {
  p = put_u32(p, (uint32_t)v);
  p = put_str16(p, name ? name : "");
  return put_str16(p, desc ? desc : "");
}

/* libpcap lists a few dozen types at most; a longer list is cut to this,
 * which keeps the frame far below WIRE_MAX_BODY whatever the strings. */
#define TYPES_MAX 256

noreturn void capture_list_types(struct epcap_state *st) {
  const char *dev = st->opt.device ? st->opt.device : default_device(st);
  int *dlts = NULL, *tstamps = NULL;
  int ndlts, ntstamps, current, rfmon;
  uint8_t flags;
  size_t body;
  unsigned char *p;
  pcap_t *pc = create(st, dev);

  /* Both asked of the created handle, as tcpdump -J and -I -L do: the
   * time-stamp types before activation, monitor mode's support too. */
  rfmon = pcap_can_set_rfmon(pc);
  ntstamps = pcap_list_tstamp_types(pc, &tstamps);
  if (ntstamps < 0)
    fatal(EXIT_STARTUP, ERR_CAPTURE_ERROR, "%s: listing time-stamp types: %s",
          dev, pcap_geterr(pc));
  activate(st, pc, dev);
  ndlts = pcap_list_datalinks(pc, &dlts);
  if (ndlts < 0)
    fatal(EXIT_STARTUP, ERR_CAPTURE_ERROR, "%s: listing link-layer types: %s",
          dev, pcap_geterr(pc));
  current = pcap_datalink(pc);
  pcap_close(pc);
  if (ndlts > TYPES_MAX)
    ndlts = TYPES_MAX;
  if (ntstamps > TYPES_MAX)
    ntstamps = TYPES_MAX;
  flags = (uint8_t)((rfmon == 1 ? 1 : 0) | (st->opt.rfmon ? 2 : 0));

  /* Nothing privileged is left to do: the answer is written as whoever
   * the port drops to, in its jail. */
  privdrop(st);

  body = str16_size(dev) + 4 + 1 + 2 + 2;
  for (int i = 0; i < ndlts; i++)
    body += type_entry_size(pcap_datalink_val_to_name(dlts[i]),
                            pcap_datalink_val_to_description(dlts[i]));
  for (int i = 0; i < ntstamps; i++)
    body += type_entry_size(pcap_tstamp_type_val_to_name(tstamps[i]),
                            pcap_tstamp_type_val_to_description(tstamps[i]));

  p = wire_begin(st->out, FRAME_TYPES, body);
  p = put_str16(p, dev);
  p = put_u32(p, (uint32_t)current);
  p = put_u8(p, flags);
  p = put_u16(p, (uint16_t)ndlts);
  for (int i = 0; i < ndlts; i++)
    p = put_type_entry(p, dlts[i], pcap_datalink_val_to_name(dlts[i]),
                       pcap_datalink_val_to_description(dlts[i]));
  p = put_u16(p, (uint16_t)ntstamps);
  for (int i = 0; i < ntstamps; i++)
    (void)(p = put_type_entry(p, tstamps[i],
                              pcap_tstamp_type_val_to_name(tstamps[i]),
                              pcap_tstamp_type_val_to_description(tstamps[i])));
  pcap_free_datalinks(dlts);
  pcap_free_tstamp_types(tstamps);

  wire_empty_frame(st->out, FRAME_EOF);
  wire_flush(st->out);
  exit(EXIT_DONE);
}

int capture_set_filter(pcap_t *p, const char *filter, bpf_u_int32 netmask,
                       char *err, size_t errlen) {
  struct bpf_program prog;
  int rc = 0;

  if (pcap_compile(p, &prog, filter, 1, netmask) < 0) {
    (void)snprintf(err, errlen, "%s", pcap_geterr(p));
    return -1;
  }
  if (pcap_setfilter(p, &prog) < 0) {
    (void)snprintf(err, errlen, "%s", pcap_geterr(p));
    rc = -1;
  }
  pcap_freecode(&prog);
  return rc;
}

noreturn void capture_check_filter(struct epcap_state *st) {
  struct bpf_program prog;
  pcap_t *p = st->pcap;

  if (p == NULL)
    p = pcap_open_dead_with_tstamp_precision(
        st->opt.link_type >= 0 ? st->opt.link_type : DLT_EN10MB, st->opt.snaplen,
                                             PCAP_TSTAMP_PRECISION_NANO);
  if (p == NULL)
    fatal(EXIT_STARTUP, ERR_INTERNAL, "out of memory");

  if (pcap_compile(p, &prog, st->opt.filter, 1, PCAP_NETMASK_UNKNOWN) < 0)
    fatal(EXIT_STARTUP, ERR_BAD_FILTER, "%s", pcap_geterr(p));
  pcap_freecode(&prog);

  wire_request_reply(st->out, FRAME_FILTER_OK, 0);
  wire_flush(st->out);
  exit(EXIT_DONE);
}
