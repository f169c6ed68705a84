package org.epcap.pkt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.testing.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DLT_/LINKTYPE_ translation against libpcap's own: a small C program, built here, saves an
 * empty capture for every DLT 0..300 with {@code pcap_dump_open} (libpcap's dlt_to_linktype, or
 * its refusal) and reads a file of every LINKTYPE 0..300 back with {@code pcap_open_offline}
 * and {@code pcap_datalink} (its linktype_to_dlt). {@link DataLinkType}, our writers and our
 * reader must agree with it on every value.
 */
class LinkTypeMappingTest {
    private static final int LAST = 300;
    private static final String ORACLE = """
            #define _DEFAULT_SOURCE
            #include <pcap/pcap.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>

            /* For v in 0..LAST: v, the LINKTYPE libpcap saves for DLT v (-1: refused), and the
             * DLT libpcap reports for a file of LINKTYPE v (-1: refused). */
            int main(int argc, char **argv) {
                if (argc != 3) return 2;
                const char *path = argv[1];
                int last = atoi(argv[2]);
                for (int v = 0; v <= last; v++) {
                    int saved = -1;
                    pcap_t *dead = pcap_open_dead(v, 65535);
                    pcap_dumper_t *d = pcap_dump_open(dead, path);
                    if (d != NULL) {
                        pcap_dump_close(d);
                        unsigned char h[24];
                        FILE *f = fopen(path, "rb");
                        if (f == NULL || fread(h, 1, 24, f) != 24) return 1;
                        fclose(f);
                        saved = h[20] | h[21] << 8 | h[22] << 16 | (int) h[23] << 24;
                    }
                    pcap_close(dead);
                    uint32_t hdr[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, (uint32_t) v};
                    FILE *f = fopen(path, "wb");
                    if (f == NULL || fwrite(hdr, 4, 6, f) != 6) return 1;
                    fclose(f);
                    char err[PCAP_ERRBUF_SIZE];
                    pcap_t *r = pcap_open_offline(path, err);
                    int read = r != NULL ? pcap_datalink(r) : -1;
                    if (r != NULL) pcap_close(r);
                    printf("%d %d %d\\n", v, saved, read);
                }
                return 0;
            }
            """;

    /** One line of the oracle's answer. */
    private record Libpcap(int value, int savedLinkType, int readDataLinkType) {
    }

    private static final List<Libpcap> libpcap = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void askLibpcap() throws IOException {
        String cc = ExternalTool.require("gcc");
        Path src = dir.resolve("linktypes.c");
        Path exe = dir.resolve("linktypes");
        Files.writeString(src, ORACLE);
        ExternalTool.Result build = ExternalTool.run(List.of(cc, "-std=c11", "-Wall", "-Wextra",
                "-Werror", "-o", exe.toString(), src.toString(), "-lpcap"), 120);
        assertEquals(0, build.exitCode(), "building the libpcap oracle: " + build.stderr());
        ExternalTool.Result run = ExternalTool.run(List.of(exe.toString(),
                dir.resolve("scratch.pcap").toString(), String.valueOf(LAST)), 60);
        assertEquals(0, run.exitCode(), run.stderr());
        for (String line : run.stdout().split("\n")) {
            String[] f = line.trim().split(" ");
            libpcap.add(new Libpcap(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])));
        }
        assertEquals(LAST + 1, libpcap.size());
        // The oracle must show the differences this test is about, or it tests nothing.
        assertTrue(libpcap.stream().anyMatch(l -> l.savedLinkType() != l.value()));
        assertTrue(libpcap.stream().anyMatch(l -> l.readDataLinkType() != l.value()));
    }

    @Test
    void dataLinkTypeTranslatesAsLibpcapDoes() {
        for (Libpcap l : libpcap) {
            assertEquals(l.savedLinkType(), DataLinkType.toLinkType(l.value()), "toLinkType(" + l.value() + ")");
            assertEquals(l.readDataLinkType(), DataLinkType.fromLinkType(l.value()), "fromLinkType(" + l.value() + ")");
        }
    }

    @Test
    void pcapWriterStoresWhatLibpcapStores() throws IOException {
        for (Libpcap l : libpcap) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (l.savedLinkType() < 0) {
                assertThrows(IllegalArgumentException.class,
                        () -> new PcapWriter(out, l.value(), 65535, TimestampPrecision.MICRO), "DLT " + l.value());
                continue;
            }
            new PcapWriter(out, l.value(), 65535, TimestampPrecision.MICRO).close();
            byte[] b = out.toByteArray();
            assertEquals(l.savedLinkType(), (int) FileInput.u32(b, 20, false), "DLT " + l.value());
        }
    }

    @Test
    void pcapNgWriterDescribesTheInterfaceAsLibpcapWould() throws IOException {
        byte[] frame = new byte[20];
        for (Libpcap l : libpcap) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PcapNgWriter w = new PcapNgWriter(out, 65535)) {
                if (l.savedLinkType() < 0) {
                    assertThrows(IllegalArgumentException.class,
                            () -> w.write(l.value(), 0, 0, 20, frame, 0, 20), "DLT " + l.value());
                    continue;
                }
                w.write(l.value(), 0, 0, 20, frame, 0, 20);
            }
            byte[] b = out.toByteArray();
            // The interface description block follows the 28-byte section header.
            assertEquals(1, (int) FileInput.u32(b, 28, false));
            assertEquals(l.savedLinkType(), FileInput.u16(b, 36, false), "DLT " + l.value());
        }
    }

    @Test
    void readerReportsTheDltLibpcapReports() throws IOException {
        for (Libpcap l : libpcap) {
            if (l.readDataLinkType() < 0) {
                continue;
            }
            Path pcap = dir.resolve("l.pcap");
            Files.write(pcap, new Bad().u32(0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(l.value())
                    .record(4, 4, 4).bytes());
            Path ng = dir.resolve("l.pcapng");
            Files.write(ng, Bad.shb().u32(1).u32(20).u16(l.value()).u16(0).u32(0).u32(20).epb(0, 4).bytes());
            for (Path p : List.of(pcap, ng)) {
                try (PcapReader r = PcapReader.open(p)) {
                    assertEquals(l.readDataLinkType(), r.nextView().dataLinkType(), p.getFileName() + " of LINKTYPE " + l.value());
                }
            }
        }
    }
}
