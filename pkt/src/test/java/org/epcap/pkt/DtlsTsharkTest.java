package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.epcap.pkt.testing.DtlsTshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DTLS against tshark's dtls.* fields ({@link DtlsTshark#FIELDS}, every occurrence) on a capture
 * of openssl's own traffic (src/test/resources/dtls/openssl-dtls.pcap: {@code openssl s_server
 * -dtls} and four {@code s_client}s on a namespace's loopback, taken with tcpdump: DTLS 1.2 with
 * SNI and ALPN over IPv4; DTLS 1.2 over IPv6 with {@code -mtu 256}, so that the ClientHello and
 * the certificate come in fragments; DTLS 1.0; DTLS 1.2 without SNI; each with a
 * HelloVerifyRequest and its cookie). JA4 with 'd' is computed from tshark's fields, which
 * tshark 4.0 lacks; JA3 and JA3S are tshark's own (it computes them for DTLS too).
 */
class DtlsTsharkTest {
    @Test
    void opensslDtlsAgreesWithTshark(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("openssl-dtls.pcap");
        try (InputStream in = getClass().getResourceAsStream("/dtls/openssl-dtls.pcap")) {
            Files.write(file, in.readAllBytes());
        }
        DtlsTshark.Report r = DtlsTshark.compare(file, List.of(4433));
        assertEquals("", String.join("\n", r.disagreements().subList(0, Math.min(30, r.disagreements().size()))));
        assertEquals(r.frames(), r.dtlsFrames(), "every frame is DTLS");
        assertEquals(51, r.frames());
        // two first ClientHellos and two with the cookie a connection; the IPv6 ones in fragments
        assertEquals(6, r.clientHellos(), r.clientJa4().toString());
        assertEquals(4, r.fragmented(), "frames with a fragment of a ClientHello");
        for (String f : DtlsTshark.FIELDS) {
            assertTrue(r.values().getOrDefault(f, 0) > 0, f + " never compared: " + r.values());
        }
        System.out.println("DTLS vs tshark: " + r.dtlsFrames() + " frames, values compared " + r.values()
                + "; JA4 " + r.clientJa4());
    }
}
