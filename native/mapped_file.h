/* A FILE over a memory mapping of a regular file, for libpcap's reader:
 * the mapping is stdio's buffer, so each of libpcap's reads is one memcpy
 * from the page cache, where a plain FILE costs a read(2) into stdio's
 * buffer and a copy out of it. That makes the port read a file faster
 * than libpcap's own loop over a plain FILE, and so leaves time for
 * handing packets on. */
#ifndef EPCAP_MAPPED_FILE_H
#define EPCAP_MAPPED_FILE_H

#include <stdio.h>

/* A read-only stream over the whole of fd's file, or NULL (errno set)
 * when fd is not a non-empty regular file or cannot be mapped; the
 * caller then reads fd through stdio. Takes fd on success. */
FILE *mapped_file_open(int fd);

/* Gives back the pages libpcap has read past, for the stream from
 * mapped_file_open (any other stream: nothing). Called between batches. */
void mapped_file_release_behind(FILE *fp);

#endif
