/* The port program's state: the options from the command line and what the
 * capture needs while it runs. One instance lives in main.c; every part gets
 * a pointer to it, or to the piece of it that part owns. */
#ifndef EPCAP_H
#define EPCAP_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>

#include "caller.h"

/* The release this port was built as (release.c, from the root pom's
 * version): READY and -h say it, and the library refuses another. */
extern const char epcap_release[];

/* The seed's defaults. */
#define EPCAP_DEFAULT_SNAPLEN 65535
#define EPCAP_DEFAULT_USER "nobody"

/* libpcap's own upper bound for snaplen on ordinary link types. */
#define EPCAP_MAX_SNAPLEN 262144

/* The largest -y number: link-layer types are 16 bits in pcapng and in
 * libpcap's table (the high bits of a pcap header's field are flags). */
#define EPCAP_MAX_LINK_TYPE 65535

/* -e switches kept until policy.c has seen the caller. */
#define EPCAP_MAX_ENV 64

/* -t values with a special meaning. */
#define EPCAP_TIMEOUT_IMMEDIATE 0
#define EPCAP_TIMEOUT_INFINITY (-1)

struct epcap_options {
  const char *device;     /* -i; NULL: the first device libpcap finds */
  const char *file;       /* -f */
  const char *chroot_dir; /* -d; NULL: a private empty directory (as root) */
  const char *user;       /* -u */
  const char *group;      /* -g */
  char *filter;           /* the remaining arguments, joined by spaces */
  const char *cpulist;    /* -a */
  const char *ring;       /* -R: the shared-memory ring's file */
  int link_type;          /* -y as a DLT_ value (options.c checked it
                           * against libpcap's table); -1: the device's */
  int tstamp_type;        /* -j as a PCAP_TSTAMP_ value; -1: the device's */
  int snaplen;            /* -s */
  int buffer_size;        /* -b; 0: libpcap's default */
  int timeout_ms;         /* -t; 0 immediate, -1 infinity */
  int time_unit;          /* -T; accepted, the wire always carries ns */
  int cluster_id;         /* -c as given; -1: no fan-out */
  const char *env[EPCAP_MAX_ENV]; /* -e KEY=VAL, applied only for root */
  int nenv;
  pcap_direction_t direction; /* -Q */
  bool promisc;           /* -P */
  bool rfmon;             /* -M */
  bool inject;            /* -X */
  bool nano;              /* -n */
  bool list;              /* -L */
  bool list_types;        /* -l: the device's link and time-stamp types */
  bool check;             /* -C */
  bool probe;             /* -p */
  const char *forbidden;  /* -Z, test builds only (testhook.h) */
};

/* The pieces owned by one part each, defined in that part's header. */
struct wire_out;    /* wire.h */
struct ring;        /* ring.h */
struct control_in;  /* control.h */
struct frame_sink;  /* sink.h */

struct epcap_state {
  struct epcap_options opt;
  struct caller caller;     /* fixed before the switches are parsed */
  struct identity drop_to;  /* who the port becomes (policy.c) */
  int chroot_fd;            /* -d, opened as the caller; -1: private jail */
  int fanout_group;         /* the PACKET_FANOUT id -c maps to; -1: none */
  pcap_t *pcap;
  const char *source;     /* the device actually opened, or the file path */
  char *found_device;     /* owned copy when the device came from findalldevs */
  bpf_u_int32 netmask;    /* for every pcap_compile, also after the chroot */
  int datalink;
  int precision;          /* PCAP_TSTAMP_PRECISION_MICRO or _NANO */
  struct wire_out *out;   /* the pipe's batch buffer */
  struct ring *ring;      /* the shared-memory ring; attached only by -R */
  struct control_in *in;  /* requests read from stdin so far */
  /* Where PACKET, EOF and a fatal ERROR go: chosen once, when READY is
   * sent (main.c); NULL before. */
  const struct frame_sink *sink;
};

#endif
