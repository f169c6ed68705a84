/* A FILE over a memory mapping of a regular file, for libpcap's reader:
 * stdio's buffer is filled by memcpy from the page cache instead of by
 * read(2), which makes the port read a file faster than libpcap's own
 * loop over a plain FILE, and so leaves time for handing packets on. */
#ifndef EPCAP_MAPPED_FILE_H
#define EPCAP_MAPPED_FILE_H

#include <stdio.h>

/* A read-only stream over the whole of fd's file, or NULL (errno set)
 * when fd is not a non-empty regular file or cannot be mapped; the
 * caller then reads fd through stdio. Takes fd on success. */
FILE *mapped_file_open(int fd);

#endif
