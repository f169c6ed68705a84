package org.epcap;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Decides {@link SharedRing}'s copy without the port program: the same PACKET records, already
 * in a ring, consumed by the ring that copies runs of small records to the heap in one bulk copy
 * ("chunk", up to {@link #CHUNK_UP_TO}) and by one that hands every record over where it
 * lies in the mapping ("direct"), each into the two sinks the library has: a {@link Packet} made
 * per record (push and pull) and a raw handler's array (raw). Rounds alternate the two rings;
 * the ratio chunk/direct of records per second is taken per round, and the median printed.
 *
 * <p>The ring is filled once with a repeating pattern whose length divides the ring's size, so
 * no wrap marker is needed. Before each pass a second thread (the port's part) writes into every
 * cache line of the pass's records, so that the reader finds them in another core's cache as it
 * does the port's; then the head moves, and only the consuming is timed.
 *
 * <pre>{@code
 * bench/ring-bench.sh [ROUNDS]
 * }</pre>
 */
public final class RingCopyBench {
    private static final int CAPACITY = 4 << 20;
    private static final int HEAD = 64;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    /** Bytes the head moves per pass: what the reader loop consumes per call. */
    private static final int PASS = 256 << 10;
    /**
     * The chunking ring copies runs of records up to this length field: every workload's small
     * records, so that each is measured both ways whatever threshold the library chose
     * ({@link SharedRing#SMALL_RECORD}).
     */
    private static final int CHUNK_UP_TO = 256;
    private static long sink;

    private RingCopyBench() {
    }

    /** One workload: records of these captured lengths, repeated. */
    private record Workload(String name, int[] caplens) {
        int patternBytes() {
            int n = 0;
            for (int c : caplens) n += size(c);
            return n;
        }
    }

    private static int size(int caplen) {
        return (4 + 1 + Wire.PACKET_HEADER + caplen + 3) & -4;
    }

    /** A ring and the port's side of its mapping, filled with {@code w}'s pattern. */
    private static final class Filled implements AutoCloseable {
        final SharedRing ring;
        final MappedByteBuffer port;
        final ByteBuffer data;
        final int records;
        final ExecutorService writer = Executors.newSingleThreadExecutor();
        long head;

        Filled(Workload w, int smallRecord) throws IOException {
            ring = SharedRing.create(CAPACITY, smallRecord);
            if (ring == null) throw new IOException("no shared memory at /dev/shm");
            try (FileChannel ch = FileChannel.open(ring.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                port = ch.map(FileChannel.MapMode.READ_WRITE, 0, SharedRing.HEADER_SIZE + (long) CAPACITY);
            }
            data = port.slice(SharedRing.HEADER_SIZE, CAPACITY).order(ByteOrder.BIG_ENDIAN);
            int at = 0;
            int n = 0;
            int patterns = CAPACITY / w.patternBytes();
            if (patterns * w.patternBytes() != CAPACITY) throw new IllegalArgumentException(w.name + " does not divide the ring");
            for (int k = 0; k < patterns; k++) {
                for (int caplen : w.caplens) {
                    data.putInt(at, 1 + Wire.PACKET_HEADER + caplen);
                    data.put(at + 4, (byte) Wire.PACKET);
                    data.putLong(at + 5, 1_700_000_000L + n).putInt(at + 13, n % 1_000_000_000).putInt(at + 17, caplen);
                    for (int i = 0; i < caplen; i++) data.put(at + 21 + i, (byte) (n + i));
                    at += size(caplen);
                    n++;
                }
            }
            records = n;
        }

        /**
         * Has the writer thread touch one pass of records (a byte in each cache line, so that
         * the lines come from another core's cache, as the port's writes do), publishes them,
         * and consumes them; adds the consuming time alone to {@code nanos[0]} and returns how
         * many records were consumed.
         */
        long pass(FrameSink s, long[] nanos) throws Exception {
            int from = (int) (head & (CAPACITY - 1));
            writer.submit(() -> {
                for (int i = from + 63; i < from + PASS; i += 64) data.put(i, (byte) (data.get(i) + 1));
            }).get();
            head += PASS;
            LONGS.setRelease(port, HEAD, head);
            long t0 = System.nanoTime();
            while (ring.consume(s, Integer.MAX_VALUE)) {
                // until the ring is empty
            }
            nanos[0] += System.nanoTime() - t0;
            return (long) records * PASS / CAPACITY;
        }

        @Override
        public void close() {
            writer.shutdownNow();
            ring.deleteFile();
            ring.unmap();
        }
    }

    /** The push and pull paths: a Packet per record, its bytes copied once from where they lie. */
    private static FrameSink packets() {
        FrameDispatcher d = new FrameDispatcher();
        return (type, buf, off, len) -> {
            PortEvent.PacketFrame p = (PortEvent.PacketFrame) d.decode(type, buf, off, len);
            Packet packet = p.toPacket(1);
            sink += packet.data()[0] + packet.length();
        };
    }

    /** The raw path: the handler reads the bytes in an array, copied only out of the mapping. */
    private static FrameSink raw() {
        FrameDispatcher d = new FrameDispatcher();
        return (type, buf, off, len) -> {
            PortEvent.PacketFrame p = (PortEvent.PacketFrame) d.decode(type, buf, off, len);
            byte[] a = p.array();
            int o = p.arrayOffset();
            sink += a[o] + a[o + p.caplen - 1] + p.length;
        };
    }

    /** Records per second of consuming time over {@code passes} passes. */
    private static double rate(Filled f, FrameSink s, int passes) throws Exception {
        long n = 0;
        long[] nanos = new long[1];
        for (int i = 0; i < passes; i++) n += f.pass(s, nanos);
        return n * 1e9 / nanos[0];
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        // Captured lengths whose records (21 bytes of framing and header, then the bytes) are
        // 64, 128 and 256 bytes, so that a pattern divides the ring.
        int[] mix = new int[17];
        Arrays.fill(mix, 0, 16, 128 - 21);   // 16 records of 128 bytes and one of 2048: 4096 bytes
        mix[16] = 2048 - 21;
        List<Workload> workloads = List.of(
                new Workload("43-byte frames", new int[] {64 - 21}),
                new Workload("107-byte frames", new int[] {128 - 21}),
                new Workload("235-byte frames", new int[] {256 - 21}),
                new Workload("mix 16x107 + 1x2027", mix));
        System.out.printf("ring copy: records/s chunk (runs of records <= %d bytes copied in bulk) against direct"
                + " (each from the mapping), %d rounds, median of per-round ratios; the library copies runs up to %d%n",
                CHUNK_UP_TO, rounds, SharedRing.SMALL_RECORD);
        for (Workload w : workloads) {
            for (String sinkName : new String[] {"packet", "raw"}) {
                try (Filled chunk = new Filled(w, CHUNK_UP_TO); Filled direct = new Filled(w, 0)) {
                    FrameSink sc = sinkName.equals("packet") ? packets() : raw();
                    FrameSink sd = sinkName.equals("packet") ? packets() : raw();
                    int passes = 64;
                    for (int i = 0; i < 5; i++) { // warm-up, both
                        rate(chunk, sc, passes);
                        rate(direct, sd, passes);
                    }
                    List<Double> ratios = new ArrayList<>();
                    List<Double> c = new ArrayList<>();
                    List<Double> d = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        boolean chunkFirst = r % 2 == 0;
                        double a = chunkFirst ? rate(chunk, sc, passes) : 0;
                        double b = rate(direct, sd, passes);
                        if (!chunkFirst) a = rate(chunk, sc, passes);
                        c.add(a);
                        d.add(b);
                        ratios.add(a / b);
                    }
                    System.out.printf("  %-22s %-6s chunk %,12.0f/s  direct %,12.0f/s  chunk/direct %.3f%n",
                            w.name, sinkName, median(c), median(d), median(ratios));
                }
            }
        }
        if (sink == 42) System.out.println();
    }
}
