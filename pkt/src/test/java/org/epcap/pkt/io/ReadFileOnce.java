package org.epcap.pkt.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child JVM's read of FILE through {@link PcapReader} (memory-mapped windows, each unmapped
 * when read), for {@link JdkWarningsTest}: prints {@code RECORDS n}.
 */
public final class ReadFileOnce {
    private ReadFileOnce() {
    }

    public static void main(String[] args) throws IOException {
        int n = 0;
        try (PcapReader r = PcapReader.open(Path.of(args[0]))) {
            while (r.next() != null) n++;
        }
        System.out.println("RECORDS " + n);
    }
}
