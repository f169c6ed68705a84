package org.epcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Packet#buffer()}: a read-only view of the captured bytes, not a copy. */
class PacketTest {
    private static final byte[] FRAME = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00, 0x45};

    @Test
    void bufferIsAReadOnlyViewOfTheCapturedBytes() {
        Packet p = Packet.of(1, Instant.ofEpochSecond(1, 2), 60, FRAME);
        ByteBuffer b = p.buffer();
        assertTrue(b.isReadOnly());
        assertEquals(0, b.position());
        assertEquals(p.caplen(), b.limit());
        assertEquals(ByteOrder.BIG_ENDIAN, b.order());
        assertEquals(0x0800, b.getShort(12) & 0xffff, "network order");
        byte[] read = new byte[b.remaining()];
        b.get(read);
        assertArrayEquals(p.data(), read);
        assertThrows(ReadOnlyBufferException.class, () -> p.buffer().put(0, (byte) 1));
        assertEquals(0, p.buffer().position(), "each view has its own position");
    }

    @Test
    void bufferSharesThePacketsBytes() {
        Packet p = Packet.of(1, Instant.EPOCH, 15, FRAME);
        ByteBuffer view = p.buffer();
        p.array()[0] = 42; // the library's own access; a user cannot do this
        assertEquals(42, view.get(0), "a view, not a copy");
    }
}
