package org.epcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.epcap.testing.PcapRecords;
import org.epcap.testing.RingWriter;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * The frame sources, the dispatcher and the three deliveries, without a process: over frame
 * streams the port recorded from corpus files (src/test/resources/frames, made with
 * {@code sleep 2 | native/epcap -f FILE > NAME.frames}), checked against the files' own records
 * as the pcap format defines them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryTest {
    private static final String[] RECORDINGS = {"dns_tcp", "timestamp_invalid_nano"};

    /** The recording's frames through the pipe source, each decoded as it is handed over. */
    private static List<Object> events(String name) throws IOException {
        List<Object> events = new ArrayList<>();
        FrameDispatcher frames = new FrameDispatcher();
        PipeSource pipe = new PipeSource(recording(name));
        while (!pipe.ended()) {
            pipe.poll((type, b, off, len) -> {
                PortEvent e = frames.decode(type, b, off, len);
                // The packet frame is a flyweight: keep a copy.
                events.add(e instanceof PortEvent.PacketFrame p ? new Kept(p.toPacket(0)) : e);
            }, Integer.MAX_VALUE);
            pipe.await();
        }
        return events;
    }

    /** A packet event kept past its frame. */
    private record Kept(Packet packet) {
    }

    private static InputStream recording(String name) {
        InputStream in = DeliveryTest.class.getResourceAsStream("/frames/" + name + ".frames");
        assertNotNull(in, name);
        return in;
    }

    private static PcapRecords file(String name) throws IOException {
        return PcapRecords.read(Tools.assumeCorpus().resolve("tcpdump").resolve(name + ".pcap"));
    }

    private static void assertPacket(PcapRecords file, int i, Packet p) {
        PcapRecords.Record r = file.records.get(i);
        long[] t = file.secondsAndNanos(r);
        assertEquals(t[0], p.epochSecond(), "seconds of packet " + i);
        assertEquals(t[1], p.nanos(), "nanoseconds of packet " + i);
        assertEquals(r.length(), p.length(), "length of packet " + i);
        assertArrayEquals(r.data(), p.data(), "bytes of packet " + i);
    }

    @Test
    void dispatcherSaysWhatTheFileHolds() throws IOException {
        for (String name : RECORDINGS) {
            PcapRecords file = file(name);
            List<Object> events = events(name);
            PortEvent.Ready ready = assertInstanceOf(PortEvent.Ready.class, events.get(0), name);
            assertEquals(file.linkType, ready.info().dataLinkType(), name);
            assertTrue(ready.info().file(), name);
            assertEquals(file.records.size() + 2, events.size(), name + ": READY, the packets, EOF");
            for (int i = 0; i < file.records.size(); i++) {
                assertPacket(file, i, assertInstanceOf(Kept.class, events.get(i + 1), name).packet());
            }
            assertSame(PortEvent.EndOfFile.INSTANCE, events.get(events.size() - 1), name);
        }
    }

    @Test
    void dispatcherRefusesMalformedFrames() {
        FrameDispatcher frames = new FrameDispatcher();
        ByteBuffer b = ByteBuffer.wrap(new byte[64]);
        assertThrows(ProtocolException.class, () -> frames.decode(Wire.PACKET, b, 0, Wire.PACKET_HEADER - 1));
        assertThrows(ProtocolException.class, () -> frames.decode(Wire.STATS, b, 0, 12));
        assertThrows(ProtocolException.class, () -> frames.decode(0x7f, b, 0, 0));
        assertThrows(ProtocolException.class, () -> frames.decode(Wire.STATS_REQUEST, b, 0, 4));
    }

    /** Drives a delivery as the reader does: READY, then every packet; returns the packets' count. */
    private static int feed(String name, Delivery d, boolean deferring) throws IOException {
        FrameDispatcher frames = new FrameDispatcher();
        PipeSource pipe = new PipeSource(recording(name));
        AtomicInteger packets = new AtomicInteger();
        while (!pipe.ended()) {
            pipe.poll((type, b, off, len) -> {
                PortEvent e = frames.decode(type, b, off, len);
                if (e instanceof PortEvent.Ready r) d.ready(r.info().dataLinkType());
                if (e instanceof PortEvent.PacketFrame p) {
                    d.packet(p, deferring);
                    packets.incrementAndGet();
                }
            }, Integer.MAX_VALUE);
            pipe.await();
        }
        return packets.get();
    }

    @Test
    void pushDeliversInOrderAndKeepsWhatCameDuringARequest() throws IOException {
        for (String name : RECORDINGS) {
            PcapRecords file = file(name);
            List<Packet> got = new ArrayList<>();
            PushDelivery push = new PushDelivery(got::add, () -> fail("STOP"), new AtomicBoolean());
            // The packets a handler's request reads ahead are kept, not handed to the handler...
            int n = feed(name, push, true);
            assertEquals(file.records.size(), n, name);
            assertTrue(got.isEmpty(), name + ": nothing delivered while a request reads ahead");
            // ...and delivered before the reader's next read, in capture order.
            push.beforeRead();
            assertEquals(file.records.size(), got.size(), name);
            for (int i = 0; i < got.size(); i++) {
                assertPacket(file, i, got.get(i));
                assertEquals(file.linkType, got.get(i).dataLinkType(), name);
            }
            got.clear();
            feed(name, push, false);
            assertEquals(file.records.size(), got.size(), name + ": delivered at once");
        }
    }

    @Test
    void aFailingHandlerStopsThePortOnceAndGetsNothingMore() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger stops = new AtomicInteger();
        RuntimeException boom = new IllegalStateException("boom");
        PushDelivery push = new PushDelivery(p -> {
            if (calls.incrementAndGet() == 3) throw boom;
        }, stops::incrementAndGet, new AtomicBoolean());
        int n = feed("dns_tcp", push, false);
        assertTrue(n > 3, "the recording has more than three packets");
        assertEquals(3, calls.get(), "no packet after the failure");
        assertEquals(1, stops.get(), "STOP once");
        assertSame(boom, push.handlerFailure());
    }

    @Test
    void rawSeesThePipeBufferItselfWithTheFileBytes() throws IOException {
        PcapRecords file = file("dns_tcp");
        List<byte[]> arrays = new ArrayList<>();
        List<Packet> seen = new ArrayList<>();
        RawDelivery raw = new RawDelivery((dlt, buf, off, caplen, sec, nsec, len) -> {
            arrays.add(buf);
            byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + caplen);
            seen.add(new Packet(dlt, sec, nsec, len, copy));
        }, () -> fail("STOP"), new AtomicBoolean());
        feed("dns_tcp", raw, false);
        assertEquals(file.records.size(), seen.size());
        for (int i = 0; i < seen.size(); i++) assertPacket(file, i, seen.get(i));
        // No copy: every view is the one read buffer (the recording is smaller than a read).
        assertTrue(arrays.stream().allMatch(a -> a == arrays.get(0)), "one buffer, no copies");
        assertTrue(arrays.get(0).length >= FrameReader.DEFAULT_CHUNK);
    }

    @Test
    void pullBatchesBetweenReadsAndEnds() throws IOException {
        PcapRecords file = file("dns_tcp");
        PullDelivery pull = new PullDelivery(1 << 20, () -> false, new AtomicBoolean());
        feed("dns_tcp", pull, false);
        assertNull(pull.take(0), "nothing is handed over before the reader's next wait");
        pull.end(new CaptureEnd(CaptureEnd.Reason.END_OF_FILE, 0, 0, null), true);
        for (int i = 0; i < file.records.size(); i++) assertPacket(file, i, pull.take(-1));
        assertSame(PullDelivery.ENDED, pull.take(-1));
    }

    @Test
    void pullReaderWaitsForRoomUnlessAReplyIsAwaited() throws Exception {
        AtomicBoolean replyAwaited = new AtomicBoolean(true);
        PullDelivery pull = new PullDelivery(100, replyAwaited::get, new AtomicBoolean());
        feed("dns_tcp", pull, false);
        pull.idle(); // the queue is now over its bound, but a reply may be behind the packets
        feed("dns_tcp", pull, false);
        replyAwaited.set(false);
        Thread reader = new Thread(() -> {
            try {
                pull.idle();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        reader.join(300);
        assertTrue(reader.isAlive(), "the reader waits while the queue is full");
        while (reader.isAlive() && pull.take(TimeUnit.SECONDS.toNanos(1)) != null) {
            reader.join(10);
        }
        reader.join(5000);
        assertTrue(!reader.isAlive(), "taking packets made room");
    }

    /** Both ways the ring hands records over: where they lie (push, pull), and in bulk-copied runs (raw). */
    @ParameterizedTest
    @ValueSource(ints = {0, SharedRing.SMALL_RECORD})
    void pullConsumersTakeFromTheRingWithOneCopy(int smallRecord) throws IOException {
        PcapRecords file = file("dns_tcp");
        SharedRing ring = SharedRing.create(SharedRing.DEFAULT_CAPACITY, smallRecord);
        assertNotNull(ring, "/dev/shm is writable here");
        try {
            RingWriter writer = new RingWriter(ring.path(), SharedRing.DEFAULT_CAPACITY);
            PullDelivery pull = new PullDelivery(1 << 20, () -> false, new AtomicBoolean());
            pull.ready(file.linkType);
            FrameDispatcher frames = new FrameDispatcher();
            PipeSource noPipe = new PipeSource(new ByteArrayInputStream(new byte[0]));
            RingSource source = new RingSource(ring, null, noPipe, () -> { });
            List<ProtocolException> broken = new ArrayList<>();
            pull.useRing(source, (type, b, off, len) -> {
                PortEvent e = frames.decode(type, b, off, len);
                if (e instanceof PortEvent.PacketFrame p) pull.packet(p, false);
            }, broken::add);
            assertNull(pull.take(TimeUnit.MILLISECONDS.toNanos(20)), "an empty ring: nothing yet");
            // Every record of the file, as the port writes them, many times over so that the
            // records wrap around the ring's end.
            int rounds = 3 * SharedRing.DEFAULT_CAPACITY / 1200 / file.records.size() + 1;
            int taken = 0;
            for (int round = 0; round < rounds; round++) {
                for (PcapRecords.Record r : file.records) {
                    byte[] body = packetBody(file, r);
                    writer.put(Wire.PACKET, body, 0, body.length);
                }
                writer.publish();
                for (int i = 0; i < file.records.size(); i++, taken++) {
                    assertPacket(file, i, pull.take(-1));
                }
            }
            assertTrue(broken.isEmpty());
            assertEquals(rounds * file.records.size(), taken);
            // A record that lies about its length breaks the ring, and is reported.
            writer.putLength(Wire.MAX_FRAME + 1);
            writer.publish();
            assertNull(pull.take(TimeUnit.MILLISECONDS.toNanos(20)));
            assertEquals(1, broken.size());
        } finally {
            ring.deleteFile();
            ring.unmap();
        }
    }

    /** A PACKET frame's body as the wire defines it: seconds, nanoseconds, length, bytes. */
    private static byte[] packetBody(PcapRecords file, PcapRecords.Record r) {
        long[] t = file.secondsAndNanos(r);
        ByteBuffer b = ByteBuffer.allocate(Wire.PACKET_HEADER + r.data().length);
        b.putLong(t[0]).putInt((int) t[1]).putInt(r.length()).put(r.data());
        return b.array();
    }
}
