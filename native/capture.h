/* Everything that opens, activates and filters the libpcap handle. */
#ifndef EPCAP_CAPTURE_H
#define EPCAP_CAPTURE_H

#include <stddef.h>
#include <stdnoreturn.h>

#include "epcap.h"

/* Opens st->opt.file, read as the current effective user, at nanosecond
 * precision. A failure is fatal (FILE_ERROR or PERMISSION_DENIED). */
void capture_open_file(struct epcap_state *st);

/* Creates, configures and activates the live capture (device, snaplen,
 * promiscuous, monitor, buffer, timeout, precision, direction, fan-out).
 * A failure is fatal with the code matching libpcap's status. */
void capture_open_live(struct epcap_state *st);

/* -l: opens the device as a capture would (-i, -M; the caller's rights as
 * for a capture), lists its time-stamp types before activation and its
 * link-layer types after, closes it, drops privileges, sends one TYPES
 * frame and EOF, and exits. A failure is fatal, as for a capture. */
noreturn void capture_list_types(struct epcap_state *st);

/* Compiles and installs `filter`. Returns 0, or -1 with libpcap's message
 * in err. */
int capture_set_filter(pcap_t *p, const char *filter, bpf_u_int32 netmask,
                       char *err, size_t errlen);

/* -C: compiles the filter for the file's link type (or -y's, or Ethernet), answers
 * FILTER_OK or a fatal BAD_FILTER, and exits. */
noreturn void capture_check_filter(struct epcap_state *st);

#endif
