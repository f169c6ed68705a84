/* epcap: the port program. Start-up in the order docs/protocol.md fixes:
 * parse, open, filter, drop privileges, restrict, READY, then the loop. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "affinity.h"
#include "caller.h"
#include "capture.h"
#include "close_inherited.h"
#include "control.h"
#include "epcap.h"
#include "fatal.h"
#include "interfaces.h"
#include "loop.h"
#include "options.h"
#include "policy.h"
#include "privdrop.h"
#include "probe.h"
#include "restrict.h"
#include "ring.h"
#include "sink.h"
#include "testhook.h"
#include "wire.h"

#define STDOUT_PIPE_SIZE (1 << 20)

/* The one state, and the pieces of it each part owns. Static rather than
 * on main's stack, for the size of their buffers (about 1.8 MiB); no part
 * names it: each gets a pointer from main. */
static struct {
  struct epcap_state st;
  struct wire_out out;
  struct ring ring;
  struct control_in in;
  struct frame_sink pipe;   /* where a fatal error goes until READY */
  struct frame_sink chosen; /* where packets, EOF and errors go after */
} port;

/* The kernel kills us when the parent dies. Armed again after every
 * change of credentials, which disarms it; the getppid() check catches a
 * parent that died before the arming. */
static void die_with_parent(pid_t parent) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
    fatal(EXIT_STARTUP, ERR_INTERNAL, "PR_SET_PDEATHSIG: %s",
          strerror(errno));
  if (getppid() != parent)
    raise(SIGKILL);
}

/* READY tells the reader where the packets will be: the sink is chosen
 * here, once, and from now on a fatal error follows the packets. */
static void send_ready(struct epcap_state *st) {
  const char *version = pcap_lib_version();
  bool ring = ring_attached(st->ring);
  uint8_t flags = (st->opt.inject ? 1 : 0) | (st->opt.file ? 2 : 0) |
                  (ring ? 4 : 0);
  unsigned char *p;

  if (ring)
    sink_ring_init(&port.chosen, st->ring);
  else
    sink_pipe_init(&port.chosen, st->out);
  st->sink = &port.chosen;

  p = wire_begin(st->out, FRAME_READY,
                 4 + 4 + 1 + 1 + str16_size(st->source) +
                     str16_size(version) + str16_size(restrict_mode) + 2 +
                     str16_size(epcap_release));
  p = put_u32(p, (uint32_t)st->datalink);
  p = put_u32(p, (uint32_t)pcap_snapshot(st->pcap));
  p = put_u8(p, st->precision == PCAP_TSTAMP_PRECISION_NANO ? 1 : 0);
  p = put_u8(p, flags);
  p = put_str16(p, st->source);
  p = put_str16(p, version);
  p = put_str16(p, restrict_mode);
  /* Last, so that a library from before the handshake still reads the rest. */
  p = put_u16(p, WIRE_PROTOCOL_VERSION);
  (void)put_str16(p, epcap_release);
  wire_flush(st->out);
  fatal_follow(st->sink);
}

static int filter_is_empty(const char *f) {
  return f[strspn(f, " \t\r\n")] == '\0';
}

int main(int argc, char *argv[]) {
  struct epcap_state *st = &port.st;
  pid_t parent = getppid();
  char err[PCAP_ERRBUF_SIZE + 64];

  st->out = &port.out;
  st->ring = &port.ring;
  st->in = &port.in;
  port.out.absorb = &port.in.req;
  sink_pipe_init(&port.pipe, st->out);
  fatal_init(&port.pipe);
  die_with_parent(parent);
  /* A write to a closed pipe is an error return, not a death. */
  (void)signal(SIGPIPE, SIG_IGN);
  /* Ctrl-C in a terminal reaches the whole process group: the JVM decides
   * when the capture ends (STOP or a closed stdin), after asking for the
   * final statistics. */
  (void)signal(SIGINT, SIG_IGN);
  /* Nothing inherited leaks into the capture (or past the rlimit). */
  close_inherited(STDERR_FILENO + 1);
  /* Fewer, larger writes under load; not every system allows it. */
  (void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, STDOUT_PIPE_SIZE);
  /* So that a full stdout never stops us reading requests (wire.c). Only
   * for the library's pipe: a terminal's file description is shared with
   * the shell, which would be left non-blocking. */
  {
    struct stat out;
    int fl = fcntl(STDOUT_FILENO, F_GETFL);

    if (fl >= 0 && fstat(STDOUT_FILENO, &out) == 0 && S_ISFIFO(out.st_mode))
      (void)fcntl(STDOUT_FILENO, F_SETFL, fl | O_NONBLOCK);
  }

  /* Who the caller is comes first, from the kernel and sudo: nothing on
   * the command line may change it. */
  caller_identify(&st->caller);
  options_parse(argc, argv, &st->opt);
  policy_apply(st);

  if (st->opt.probe)
    probe_privileges();
  if (st->opt.list)
    interfaces_list(st->out, st->caller.trusted);
  if (st->opt.list_types)
    capture_list_types(st);
  if (st->opt.cpulist != NULL)
    affinity_apply(st->opt.cpulist);
  /* Before the capture opens, and with the caller's rights (ring.c). */
  if (st->opt.ring != NULL && !st->opt.check)
    (void)ring_attach(st->ring, st->opt.ring, &st->caller, st->out);

  if (st->opt.file != NULL) {
    /* Opened as whoever asked for it: the caller; a root caller as -u
     * when given, as the seed does. */
    caller_act_as(&st->caller, st->caller.trusted && st->opt.user != NULL
                                   ? &st->drop_to
                                   : &st->caller.id);
    capture_open_file(st);
    caller_act_end(&st->caller);
  } else if (!st->opt.check) {
    capture_open_live(st);
  }

  if (st->opt.check)
    capture_check_filter(st);

  /* An empty filter takes everything: no need for a BPF program per packet. */
  if (!filter_is_empty(st->opt.filter) &&
      capture_set_filter(st->pcap, st->opt.filter, st->netmask, err,
                         sizeof(err)) < 0)
    fatal(EXIT_STARTUP, ERR_BAD_FILTER, "%s", err);

  privdrop(st);
  die_with_parent(parent);

  if (restrict_process(st) < 0)
    fatal(EXIT_STARTUP, ERR_RESTRICT, "%s process restriction: %s",
          restrict_mode, strerror(errno));

  send_ready(st);
#ifdef EPCAP_TEST_HOOKS
  if (st->opt.forbidden != NULL)
    testhook_forbidden(st->opt.forbidden);
#endif
  loop_run(st);
}
