package org.epcap.flow.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.Bytes;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Header;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Quic;
import org.epcap.pkt.TlsHello;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembler's order, duplicate and bound handling, on Chrome's ClientHello from the JA4
 * vectors (a QUIC Initial the codec decrypts and reads whole) cut into CRYPTO frames and spread
 * over packets of the same connection. Real split hellos from a real client, against tshark,
 * are kafka's {@code LiveQuicTest}.
 */
class QuicHelloAssemblerTest {
    private static Decoded original;
    private static Quic initial;
    private static byte[] hello;

    @BeforeAll
    static void chromesHello(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chrome.pcapng");
        try (InputStream in = QuicHelloAssemblerTest.class.getResourceAsStream("/ja4/chrome-cloudflare-quic-with-secrets.pcapng")) {
            assertNotNull(in, "pkt's test resource ja4/chrome-cloudflare-quic-with-secrets.pcapng");
            Files.write(file, in.readAllBytes());
        }
        try (PcapReader r = PcapReader.open(file)) {
            for (PcapRecord rec; (rec = r.next()) != null && initial == null; ) {
                Decoded d = Pkt.decode(rec.dataLinkType(), rec.data());
                Quic q = d.header(Quic.class);
                if (q != null && q.clientHello() != null) {
                    original = d;
                    initial = q;
                }
            }
        }
        assertNotNull(initial, "a ClientHello in one Initial");
        hello = initial.crypto().toArray();
        assertTrue(hello.length > 200, "hello of " + hello.length + " bytes");
    }

    /** The datagram again, its Initial carrying {@code frames} of the hello instead ({offset, length} each). */
    private static Decoded packet(Bytes sourceConnectionId, int[]... frames) {
        return packet(hello, sourceConnectionId, frames);
    }

    private static Decoded packet(byte[] stream, Bytes sourceConnectionId, int[]... frames) {
        List<Quic.CryptoFrame> crypto = new ArrayList<>();
        for (int[] f : frames) {
            crypto.add(new Quic.CryptoFrame(f[0], Bytes.view(stream, f[0], f[1])));
        }
        Quic q = new Quic(initial.firstByte(), initial.version(), initial.destinationConnectionId(), sourceConnectionId,
                initial.token(), initial.length(), 0, List.of(), List.of(6), Bytes.EMPTY, crypto, null, false,
                initial.message());
        List<Header> headers = new ArrayList<>(original.headers());
        headers.set(headers.indexOf(initial), q);
        return new Decoded(headers, Bytes.EMPTY, original.trailer(), 0, null, false);
    }

    @Test
    void aHelloInOnePacketIsHandedOutOnce() {
        QuicHelloAssembler a = new QuicHelloAssembler();
        assertEquals(initial.clientHello(), a.accept(original));
        assertNull(a.accept(original), "a retransmission gives it no second time");
        assertEquals(1, a.hellos());
        assertEquals(0, a.assembled());
    }

    @Test
    void piecesInAnyOrderWithDuplicatesGiveTheHelloAtTheLastPiece() {
        int n = hello.length;
        int third = n / 3;
        Bytes scid = initial.sourceConnectionId();
        QuicHelloAssembler inOrder = new QuicHelloAssembler();
        assertNull(inOrder.accept(packet(scid, new int[] {0, third})));
        assertNull(inOrder.accept(packet(scid, new int[] {third, third})));
        TlsHello h = inOrder.accept(packet(scid, new int[] {2 * third, n - 2 * third}));
        assertEquals(initial.clientHello(), h);
        assertEquals(initial.clientHello().ja4('q'), h.ja4('q'));
        assertEquals(1, inOrder.assembled());
        assertEquals(0, inOrder.bytesHeld(), "a finished hello holds no bytes");

        // Chrome's way: several frames a packet, out of order, overlapping, one sent twice.
        QuicHelloAssembler scattered = new QuicHelloAssembler();
        assertNull(scattered.accept(packet(scid, new int[] {n - 40, 40}, new int[] {100, 200})));
        assertNull(scattered.accept(packet(scid, new int[] {250, n - 290}, new int[] {100, 200})));
        assertNull(scattered.accept(packet(scid, new int[] {10, 95})), "bytes 0-9 still missing");
        assertEquals(initial.clientHello(), scattered.accept(packet(scid, new int[] {0, 20})));
        assertNull(scattered.accept(packet(scid, new int[] {0, n})), "handed out once");
        assertEquals(1, scattered.hellos());
    }

    @Test
    void connectionsAreTheirOwnAndBounded() {
        int n = hello.length;
        QuicHelloAssembler a = new QuicHelloAssembler(2, 64 * 1024, 1 << 20);
        Bytes c1 = Bytes.of((byte) 1);
        Bytes c2 = Bytes.of((byte) 2);
        Bytes c3 = Bytes.of((byte) 3);
        assertNull(a.accept(packet(c1, new int[] {0, 100})));
        assertNull(a.accept(packet(c2, new int[] {0, 100})));
        assertNull(a.accept(packet(c3, new int[] {0, 100})), "a third connection: the oldest leaves");
        assertEquals(1, a.evicted());
        assertNull(a.accept(packet(c1, new int[] {100, n - 100})), "c1's start was dropped with it");
        assertEquals(initial.clientHello(), a.accept(packet(c3, new int[] {100, n - 100})));

        QuicHelloAssembler small = new QuicHelloAssembler(8, 256, 1 << 20);
        assertNull(small.accept(packet(c1, new int[] {0, 100})));
        assertEquals(1, small.tooLarge(), "a hello longer than 256 bytes is not read");
        assertNull(small.accept(packet(c1, new int[] {100, n - 100})));
        assertEquals(0, small.bytesHeld());

        QuicHelloAssembler tight = new QuicHelloAssembler(8, n, 2 * n);
        assertNull(tight.accept(packet(c1, new int[] {0, n - 1})));
        assertNull(tight.accept(packet(c2, new int[] {0, n - 1})));
        assertEquals(0, tight.evicted());
        assertNull(tight.accept(packet(c3, new int[] {0, n - 1})), "over the bytes held: the oldest leaves");
        assertEquals(1, tight.evicted());
        assertTrue(tight.bytesHeld() <= 2 * n, "held " + tight.bytesHeld());
        assertEquals(initial.clientHello(), tight.accept(packet(c3, new int[] {n - 1, 1})));
    }

    @Test
    void cryptoDataThatIsNoClientHelloIsCountedNotThrown() {
        byte[] serverHello = hello.clone();
        serverHello[0] = 2;
        QuicHelloAssembler a = new QuicHelloAssembler();
        assertNull(a.accept(packet(serverHello, Bytes.of((byte) 9), new int[] {0, serverHello.length})));
        byte[] lying = hello.clone();
        lying[4 + 34] = 33; // a session id of 33 bytes: longer than TLS allows
        assertNull(a.accept(packet(lying, Bytes.of((byte) 10), new int[] {0, lying.length})));
        assertEquals(2, a.malformed());
        assertEquals(0, a.hellos());
        assertThrows(IllegalArgumentException.class, () -> new QuicHelloAssembler(0, 100, 100));
    }
}
