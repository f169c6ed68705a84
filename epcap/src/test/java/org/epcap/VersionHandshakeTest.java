package org.epcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.epcap.testing.Leaks;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * READY carries the port's release and protocol version; a port of another release is refused
 * with a typed error naming both. The other port is the real one with main.c built for version
 * 0.0.0-other (native/Makefile, test/epcap-other-version).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VersionHandshakeTest {
    private static Path file() {
        return Tools.assumeCorpus().resolve("tcpdump/dns_tcp.pcap");
    }

    @Test
    void thePortSaysTheLibrarysRelease() {
        assertFalse(Version.LIBRARY.isEmpty() || Version.LIBRARY.equals("unknown"), Version.LIBRARY);
        Options o = Options.builder().progname(Tools.assumePortProgram()).file(file()).build();
        try (Epcap cap = Epcap.start(o)) {
            assertEquals(Version.LIBRARY, cap.info().portVersion());
            int n = 0;
            while (cap.next() != null) n++;
            assertTrue(n > 0);
        }
    }

    @Test
    void aPortOfAnotherReleaseIsRefusedNamingBoth() {
        Path other = Tools.assumePortProgram().resolveSibling("test/epcap-other-version");
        assertTrue(Files.isExecutable(other), "make -C native test-tools builds " + other);
        for (boolean ring : new boolean[] {false, true}) {
            Options o = Options.builder().progname(other).file(file()).sharedMemory(ring).build();
            Leaks before = Leaks.now();
            PortVersionException e = assertThrows(PortVersionException.class, () -> Epcap.start(o).close());
            assertEquals("0.0.0-other", e.portVersion());
            assertEquals(Version.LIBRARY, e.libraryVersion());
            assertTrue(e.getMessage().contains("0.0.0-other") && e.getMessage().contains(Version.LIBRARY)
                    && e.getMessage().contains(other.toString()), e.getMessage());
            Leaks left = Leaks.now().since(before);
            assertEquals(Set.of(), left.children(), "the refused port is reaped");
            assertEquals(Set.of(), left.rings(), "its ring is gone");
            assertEquals(Set.of(), left.threads(), "its threads have ended");
        }
    }
}
