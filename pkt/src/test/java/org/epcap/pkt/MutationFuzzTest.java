package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.epcap.pkt.testing.CorpusPackets;
import org.epcap.pkt.testing.PacketMutator;
import org.junit.jupiter.api.Test;

/**
 * A seeded random mutator over the corpus: at least a million mutated packets through
 * {@link Pkt#decode} (nothing may escape), {@link Pkt#decapsulate} (only {@link DecodeException})
 * and {@link FastDecoder} (nothing may escape). A watchdog fails the test if one packet takes
 * more than {@value #STUCK_SECONDS} s (a hang); an out-of-memory error is caught like any other.
 * On failure the seed, the packet's source and the input's hex are printed, so that
 * {@code -Depcap.fuzz.seed=...} replays it.
 */
class MutationFuzzTest {
    private static final long DEFAULT_SEED = 0x5eed_e9ca_9L;
    private static final int DEFAULT_COUNT = 1_000_000;
    private static final int STUCK_SECONDS = 20;

    @Test
    void mutatedCorpusPacketsNeverThrowAnythingButDecodeException() throws Exception {
        long seed = Long.getLong("epcap.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("epcap.fuzz.count", DEFAULT_COUNT);
        System.out.println("MutationFuzzTest: seed " + seed + " (replay with -Depcap.fuzz.seed=" + seed
                + "), " + count + " mutated packets");
        List<CorpusPackets.Packet> corpus = CorpusPackets.all();
        assertTrue(corpus.size() > 1000, "corpus too small: " + corpus.size());

        AtomicLong done = new AtomicLong();
        AtomicReference<String> current = new AtomicReference<>("");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            PacketMutator mutator = new PacketMutator(seed);
            FastDecoder fast = new FastDecoder();
            for (int i = 0; i < count; i++) {
                CorpusPackets.Packet p = corpus.get(mutator.nextInt(corpus.size()));
                byte[] input = mutator.mutate(p.data());
                // Mostly the packet's own link type; sometimes another, to reach every link decoder.
                int dlt = mutator.nextInt(16) == 0 ? LINK_TYPES[mutator.nextInt(LINK_TYPES.length)] : p.dataLinkType();
                current.set(p + " dlt " + dlt);
                try {
                    run(dlt, input, fast);
                } catch (Throwable t) {
                    failure.set(new AssertionError("mutation " + i + " of " + p + " (dlt " + dlt + ", seed "
                            + seed + ") threw " + t + "\ninput: " + HexFormat.of().formatHex(input), t));
                    return;
                }
                done.incrementAndGet();
            }
        }, "fuzz");
        worker.setDaemon(true);
        worker.start();
        long last = -1;
        while (worker.isAlive()) {
            worker.join(STUCK_SECONDS * 1000L);
            long now = done.get();
            if (worker.isAlive() && now == last) {
                fail("no progress for " + STUCK_SECONDS + " s at mutation " + now + " of " + current.get()
                        + " (seed " + seed + "): a decoder hangs");
            }
            last = now;
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get().getMessage(), failure.get());
        }
        assertTrue(done.get() == count, "only " + done.get() + " of " + count + " mutations ran");
    }

    private static final int[] LINK_TYPES = {
        DataLinkType.NULL, DataLinkType.EN10MB, DataLinkType.RAW, DataLinkType.LINKTYPE_RAW,
        DataLinkType.LOOP, DataLinkType.LINUX_SLL, DataLinkType.LINUX_SLL2, DataLinkType.IPV4,
        DataLinkType.IPV6};

    private static void run(int dlt, byte[] input, FastDecoder fast) {
        Decoded d = Pkt.decode(dlt, input);
        if (d == null) {
            throw new AssertionError("decode returned null");
        }
        try {
            Pkt.decapsulate(dlt, input);
        } catch (DecodeException expected) {
            // the codec's own error
        }
        if (dlt == DataLinkType.EN10MB) {
            fast.decode(input, 0, input.length);
        } else {
            fast.decodeRawIp(input, 0, input.length);
        }
    }
}
