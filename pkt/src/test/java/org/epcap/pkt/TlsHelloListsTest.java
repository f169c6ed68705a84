package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lists a hello hands out without making them at decoding (the extensions, made on first
 * look; the cipher suites, read where they lie) give the same answers whichever way they are
 * asked: {@link TlsHello#extension} before and after the list was looked at, and as plain lists.
 * The hellos are those of the JA4 project's captures, whose JA4 strings Ja4VectorsTest holds to
 * the project's own.
 */
class TlsHelloListsTest {

    private static List<TlsHello> hellos(Path dir) throws IOException {
        List<TlsHello> out = new ArrayList<>();
        for (String name : List.of("tls-alpn-h2.pcap", "tls12.pcap", "badcurveball.pcap", "latest.pcapng")) {
            Path file = dir.resolve(name);
            try (InputStream in = TlsHelloListsTest.class.getResourceAsStream("/ja4/" + name)) {
                if (in == null) {
                    continue;
                }
                Files.write(file, in.readAllBytes());
            }
            try (PcapReader r = PcapReader.open(file)) {
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    Tls tls = Pkt.decode(rec.dataLinkType(), rec.data()).header(Tls.class);
                    if (tls != null) {
                        for (TlsHandshake h : tls.handshakes()) {
                            if (h.hello() != null) {
                                out.add(h.hello());
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void extensionsFoundBeforeAndAfterTheListIsMadeAgree(@TempDir Path dir) throws IOException {
        List<TlsHello> hellos = hellos(dir);
        assertTrue(hellos.size() >= 4, "hellos: " + hellos.size());
        int[] types = {TlsExtension.SERVER_NAME, TlsExtension.ALPN, TlsExtension.SUPPORTED_VERSIONS,
            TlsExtension.SUPPORTED_GROUPS, 0xfe0d, 0x1234};
        for (TlsHello h : hellos) {
            List<TlsExtension> before = new ArrayList<>();
            for (int type : types) {
                before.add(h.extension(type)); // the list not looked at yet
            }
            List<TlsExtension> plain = List.copyOf(h.extensions());
            assertEquals(plain, h.extensions());
            assertEquals(plain.hashCode(), h.extensions().hashCode());
            for (int i = 0; i < types.length; i++) {
                TlsExtension first = null;
                for (TlsExtension e : plain) {
                    if (e.type() == types[i]) {
                        first = e;
                        break;
                    }
                }
                assertEquals(first, before.get(i));
                assertEquals(first, h.extension(types[i]));
            }
            assertNull(h.extension(0x1234));
            assertThrows(UnsupportedOperationException.class, () -> h.extensions().clear());
            assertThrows(UnsupportedOperationException.class, () -> h.cipherSuites().set(0, 1));
            assertEquals(List.copyOf(h.cipherSuites()), h.cipherSuites());
            assertThrows(IndexOutOfBoundsException.class, () -> h.cipherSuites().get(h.cipherSuites().size()));
        }
    }
}
