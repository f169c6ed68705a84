package org.epcap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.epcap.testing.Jdks;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a JDK of 24 or later, which warns once about each use of {@code sun.misc.Unsafe}'s
 * deprecated methods, a capture through the ring (mapped and unmapped) and through the pipe
 * prints nothing on stderr: the ring is unmapped through the FFM API there.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdkWarningsTest {
    @Test
    void aCaptureOnANewJdkPrintsNoWarning() {
        Path java = Jdks.javaOfAtLeast(24);
        Path file = Tools.assumeCorpus().resolve("tcpdump/dns_tcp.pcap");
        Tools.Result r = Tools.run(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "org.epcap.testing.CaptureFileOnce", Tools.assumePortProgram().toString(), file.toString()));
        assertEquals("", r.err(), java + " printed on stderr");
        // tcpdump -r counts 11 packets in the file.
        assertEquals("PACKETS 11 ring\nPACKETS 11 pipe\n", r.out(), java.toString());
    }
}
