#include "options.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fatal.h"
#include "log.h"
#include "policy.h"
#include "restrict.h"
#include "wire.h"

static noreturn void usage(void) {
  (void)fprintf(
      stderr,
      "epcap %s, a libpcap port program (%s process restriction, %s)\n"
      "usage: epcap [options] [filter ...]\n"
      "\n"
      "Frames (docs/protocol.md) go to stdout, requests come from stdin,\n"
      "diagnostics go to stderr. Remaining arguments are the BPF filter,\n"
      "joined by spaces (default: every packet).\n"
      "\n"
      "capture\n"
      "  -i <interface>  device to capture on (default: the first one\n"
      "                  libpcap finds)\n"
      "  -f <file>       read a pcap or pcapng file instead (timestamps in\n"
      "                  nanoseconds); EOF frame at its end\n"
      "  -s <snaplen>    bytes captured per packet, 1..%d (default %d)\n"
      "  -b <bytes>      kernel capture buffer size (default: libpcap's; in\n"
      "                  immediate mode room for 1024 packets, 2 to 32 MiB)\n"
      "  -t <ms>         read timeout: 0 immediate mode (default),\n"
      "                  -1 infinity, >0 milliseconds\n"
      "  -P              promiscuous mode\n"
      "  -M              wireless monitor (rfmon) mode\n"
      "  -Q in|out|inout direction to capture (default inout)\n"
      "  -n              nanosecond timestamps from the device (falls back\n"
      "                  to microseconds; READY says which)\n"
      "  -T 0|1          time unit, 0 timestamp, 1 microseconds; accepted\n"
      "                  for the seed's sake, the wire carries nanoseconds\n"
      "  -X              allow INJECT requests (pcap_inject)\n"
      "  -R <file>       shared-memory ring made by the library: PACKET,\n"
      "                  EOF and fatal ERROR frames go there, READY,\n"
      "                  replies and WAKE stay on stdout\n"
      "\n"
      "privileges (changed only when running as root)\n"
      "  -u <user>       user to run as after opening (default %s; with\n"
      "                  -f: the caller, else %s)\n"
      "  -g <group>      group to run as (default: the user's group)\n"
      "  -d <dir>        chroot directory (default: a private read-only\n"
      "                  tmpfs with etc/services, etc/protocols and\n"
      "                  etc/hosts, else an empty directory removed at\n"
      "                  once); named ports in SET_FILTER need\n"
      "                  <dir>/etc/services, protocols <dir>/etc/protocols\n"
      "\n"
      "a caller other than root (through sudo, file capabilities or\n"
      "set-user-ID; docs/security.md) may use\n"
      "  -i              only network interfaces and 'any'\n"
      "  -u, -g          only themselves or %s, their own groups or %s's\n"
      "  -d              only a directory they can open, not /\n"
      "  -f, -R          files opened as them\n"
      "  -b              at most %d bytes\n"
      "  -c <id>         fan-out group %d + (uid %% %d) * 256 + <id>, never\n"
      "                  one another user is in\n"
      "  -e              not at all; the environment is emptied\n"
      "\n"
      "scale-out\n"
      "  -a <cpulist>    pin to CPUs, e.g. 1,3,5-7\n"
      "  -c <id>         cluster id 0..255: join PACKET_FANOUT group <id>\n"
      "                  (flow hash) so captures with one id share traffic\n"
      "\n"
      "other\n"
      "  -e <KEY=VAL>    set an environment variable (repeatable; root only)\n"
      "  -L              list interfaces (INTERFACE frames, then EOF)\n"
      "  -C              check the filter: FILTER_OK or BAD_FILTER, exit\n"
      "  -p              probe: print 'root', 'capabilities' (CAP_NET_RAW\n"
      "                  permitted, e.g. by setcap) or 'none' on stdout,\n"
      "                  then the two capability bits; exit 0\n"
      "  -v              verbose diagnostics on stderr (repeatable)\n"
      "  -h              this help\n"
      "\n"
      "exit status: 0 EOF/STOPPED/stdin closed, 1 start-up error (ERROR\n"
      "frame), 2 this help, 3 malformed request, 4 error while capturing\n",
      epcap_release, restrict_mode, pcap_lib_version(), EPCAP_MAX_SNAPLEN,
      EPCAP_DEFAULT_SNAPLEN, EPCAP_DEFAULT_USER, EPCAP_DEFAULT_USER,
      EPCAP_DEFAULT_USER, EPCAP_DEFAULT_USER, POLICY_MAX_BUFFER,
      FANOUT_USER_BASE, FANOUT_USER_SLOTS);
  exit(EXIT_USAGE);
}

#define bad_option(...) fatal(EXIT_STARTUP, ERR_BAD_OPTION, __VA_ARGS__)

/* A whole-string decimal integer within [min, max], or a BAD_OPTION. */
static int number(char sw, const char *what, const char *s, long min,
                  long max) {
  char *end = NULL;
  long v;

  errno = 0;
  v = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
    bad_option("invalid -%c (%s) value '%s': expected an integer from %ld to %ld",
               sw, what, s, min, max);
  }
  return (int)v;
}

/* Kept, not applied: whether the caller may set the environment at all is
 * policy.c's to say, once it knows who the caller is. */
static void keep_env(struct epcap_options *opt, const char *kv) {
  const char *eq = strchr(kv, '=');

  if (eq == NULL || eq == kv)
    bad_option("invalid -e value '%s': expected KEY=VALUE", kv);
  if (opt->nenv == EPCAP_MAX_ENV)
    bad_option("too many -e switches (at most %d)", EPCAP_MAX_ENV);
  opt->env[opt->nenv++] = kv;
}

static pcap_direction_t direction(const char *s) {
  if (strcmp(s, "in") == 0)
    return PCAP_D_IN;
  if (strcmp(s, "out") == 0)
    return PCAP_D_OUT;
  if (strcmp(s, "inout") == 0)
    return PCAP_D_INOUT;
  bad_option("invalid -Q (direction) value '%s': expected in, out or inout",
             s);
}

/* tcpdump's way: every remaining argument is a word of the filter. */
static char *join(int n, char *const words[]) {
  size_t len = 1;
  char *s;

  for (int i = 0; i < n; i++)
    len += strlen(words[i]) + 1;
  s = calloc(1, len);
  if (s == NULL)
    fatal(EXIT_STARTUP, ERR_INTERNAL, "out of memory");
  for (int i = 0; i < n; i++) {
    if (i > 0)
      (void)strcat(s, " ");
    (void)strcat(s, words[i]);
  }
  return s;
}

#ifdef EPCAP_TEST_HOOKS
#define OPTSTRING ":a:b:c:Cd:e:f:g:hi:LMnpPQ:R:s:T:t:u:vXZ:"
#else
#define OPTSTRING ":a:b:c:Cd:e:f:g:hi:LMnpPQ:R:s:T:t:u:vX"
#endif

void options_parse(int argc, char *argv[], struct epcap_options *opt) {
  int ch;

  memset(opt, 0, sizeof(*opt));
  opt->snaplen = EPCAP_DEFAULT_SNAPLEN;
  opt->timeout_ms = EPCAP_TIMEOUT_IMMEDIATE;
  opt->cluster_id = -1;
  opt->direction = PCAP_D_INOUT;

  opterr = 0; /* our messages go into the ERROR frame */
  while ((ch = getopt(argc, argv, OPTSTRING)) != -1) {
    switch (ch) {
    case 'a':
      opt->cpulist = optarg;
      break;
    case 'b':
      opt->buffer_size = number('b', "buffer size", optarg, 0, INT_MAX);
      break;
    case 'c':
      opt->cluster_id = number('c', "cluster id", optarg, 0, 255);
      break;
    case 'C':
      opt->check = true;
      break;
    case 'd':
      opt->chroot_dir = optarg;
      break;
    case 'e':
      keep_env(opt, optarg);
      break;
    case 'f':
      opt->file = optarg;
      break;
    case 'g':
      opt->group = optarg;
      break;
    case 'h':
      usage();
    case 'i':
      opt->device = optarg;
      break;
    case 'L':
      opt->list = true;
      break;
    case 'M':
      opt->rfmon = true;
      break;
    case 'n':
      opt->nano = true;
      break;
    case 'p':
      opt->probe = true;
      break;
    case 'P':
      opt->promisc = true;
      break;
    case 'R':
      opt->ring = optarg;
      break;
    case 'Q':
      opt->direction = direction(optarg);
      break;
    case 's':
      opt->snaplen = number('s', "snaplen", optarg, 1, EPCAP_MAX_SNAPLEN);
      break;
    case 'T':
      opt->time_unit = number('T', "time unit", optarg, 0, 1);
      break;
    case 't':
      opt->timeout_ms = number('t', "timeout", optarg, -1, INT_MAX);
      break;
    case 'u':
      opt->user = optarg;
      break;
    case 'v':
      log_verbosity++;
      break;
    case 'X':
      opt->inject = true;
      break;
#ifdef EPCAP_TEST_HOOKS
    case 'Z':
      opt->forbidden = optarg;
      break;
#endif
    case ':':
      bad_option("option -%c needs a value", optopt);
    default:
      if (optopt >= 0x21 && optopt < 0x7f)
        bad_option("unknown option -%c (epcap -h lists them)", optopt);
      bad_option("unknown option (epcap -h lists them)");
    }
  }

  opt->filter = join(argc - optind, argv + optind);
}
