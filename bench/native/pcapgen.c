/* Writes a classic pcap file of generated frames:
 *   pcapgen small N FILE   N frames of 60 to 100 bytes
 *   pcapgen mix N FILE     40% 64 B, 20% 590 B, 40% 1514 B (a realistic mix)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

struct rec_hdr {
    uint32_t sec, usec, caplen, len;
};

static size_t size_for(const char *mode, uint32_t i)
{
    if (strcmp(mode, "small") == 0)
        return 60 + (i * 7919u) % 41;
    uint32_t r = (i * 2654435761u) % 10;
    return r < 4 ? 64 : r < 6 ? 590 : 1514;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "small") && strcmp(argv[1], "mix"))) {
        fprintf(stderr, "usage: pcapgen small|mix COUNT FILE\n");
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long n = strtoul(argv[2], &end, 10);
    if (errno || *end || n == 0 || n > 100000000ul) {
        fprintf(stderr, "pcapgen: bad count: %s\n", argv[2]);
        return 2;
    }
    FILE *out = fopen(argv[3], "wb");
    if (!out) {
        perror(argv[3]);
        return 1;
    }
    static char buf[1 << 20];
    setvbuf(out, buf, _IOFBF, sizeof buf);

    const uint32_t global[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 262144, 1};
    fwrite(global, 4, 6, out);

    uint8_t frame[FRAME_MAX];
    for (uint32_t i = 0; i < n; i++) {
        size_t len = size_for(argv[1], i);
        frame_build(frame, len, i % 1024, i);
        struct rec_hdr h = {1700000000u + i / 1000000u, i % 1000000u, (uint32_t)len, (uint32_t)len};
        fwrite(&h, sizeof h, 1, out);
        fwrite(frame, 1, len, out);
    }
    if (fclose(out) != 0) {
        perror(argv[3]);
        return 1;
    }
    return 0;
}
