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
      "  -y <type>       link-layer type after activation (pcap_set_datalink):\n"
      "                  a name from libpcap's table as tcpdump -y takes it\n"
      "                  (EN10MB, LINUX_SLL2, ...) or a number 0..%d;\n"
      "                  one the device lacks is LINK_TYPE_NOT_SUPPORTED\n"
      "  -j <type>       time-stamp type (pcap_set_tstamp_type): host,\n"
      "                  host_lowprec, host_hiprec, adapter, ...; one the\n"
      "                  device lacks is TSTAMP_TYPE_NOT_SUPPORTED\n"
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
      "  -l              list the link-layer and time-stamp types of -i\n"
      "                  (opens it: needs capture rights; one TYPES frame,\n"
      "                  then EOF)\n"
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
      EPCAP_DEFAULT_SNAPLEN, EPCAP_MAX_LINK_TYPE, EPCAP_DEFAULT_USER, EPCAP_DEFAULT_USER,
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

/* -y and -j name an entry of libpcap's own tables. A value is first held
 * to a short word of ASCII letters, digits and '_' (every name in those
 * tables is one), so that nothing else the caller typed reaches libpcap's
 * lookups or comes back in a message; then the table must know it. */
#define TYPE_WORD_MAX 32

static bool type_word(const char *s) {
  size_t n = strnlen(s, TYPE_WORD_MAX + 1);

  if (n == 0 || n > TYPE_WORD_MAX)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
          (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

static bool all_digits(const char *s) {
  return s[strspn(s, "0123456789")] == '\0';
}

static int link_type(const char *s) {
  int v;

  if (!type_word(s))
    bad_option("invalid -y (link type) value of %zu bytes: expected a "
               "link-layer type name (at most %d ASCII letters, digits and "
               "'_', e.g. EN10MB) or a number 0..%d", strlen(s),
               TYPE_WORD_MAX, EPCAP_MAX_LINK_TYPE);
  if (all_digits(s))
    return number('y', "link type", s, 0, EPCAP_MAX_LINK_TYPE);
  v = pcap_datalink_name_to_val(s);
  if (v < 0)
    bad_option("invalid -y (link type) value '%s': not a link-layer type "
               "libpcap knows (epcap -l -i DEVICE lists a device's)", s);
  return v;
}

static int tstamp_type(const char *s) {
  int v;

  if (!type_word(s))
    bad_option("invalid -j (time-stamp type) value of %zu bytes: expected a "
               "time-stamp type name (at most %d ASCII letters, digits and "
               "'_', e.g. host or adapter_unsynced)", strlen(s),
               TYPE_WORD_MAX);
  v = pcap_tstamp_type_name_to_val(s);
  if (v < 0)
    bad_option("invalid -j (time-stamp type) value '%s': not a time-stamp "
               "type libpcap knows (epcap -l -i DEVICE lists a device's)", s);
  return v;
}

/* Switches that make no sense together, refused rather than ignored. */
static void check_combinations(const struct epcap_options *opt) {
  if (opt->file != NULL && (opt->link_type >= 0 || opt->tstamp_type >= 0 ||
                            opt->list_types))
    bad_option("-y, -j and -l are for a live capture, not a file (-f)");
  if (opt->list_types &&
      (opt->list || opt->check || opt->link_type >= 0 || opt->tstamp_type >= 0))
    bad_option("-l lists a device's types; it takes -i and -M, not -L, -C, "
               "-y or -j");
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
#define OPTSTRING ":a:b:c:Cd:e:f:g:hi:j:lLMnpPQ:R:s:T:t:u:vXy:Z:"
#else
#define OPTSTRING ":a:b:c:Cd:e:f:g:hi:j:lLMnpPQ:R:s:T:t:u:vXy:"
#endif

void options_parse(int argc, char *argv[], struct epcap_options *opt) {
  int ch;

  memset(opt, 0, sizeof(*opt));
  opt->snaplen = EPCAP_DEFAULT_SNAPLEN;
  opt->timeout_ms = EPCAP_TIMEOUT_IMMEDIATE;
  opt->cluster_id = -1;
  opt->direction = PCAP_D_INOUT;
  opt->link_type = -1;
  opt->tstamp_type = -1;

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
    case 'j':
      opt->tstamp_type = tstamp_type(optarg);
      break;
    case 'l':
      opt->list_types = true;
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
    case 'y':
      opt->link_type = link_type(optarg);
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

  check_combinations(opt);
  opt->filter = join(argc - optind, argv + optind);
}
