package org.epcap.sniff;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.epcap.Packet;
import org.epcap.flow.defrag.DefragConfig;
import org.epcap.flow.defrag.Defragmenter;
import org.epcap.flow.tcp.EndReason;
import org.epcap.flow.tcp.GapReason;
import org.epcap.flow.tcp.ReassemblyConfig;
import org.epcap.flow.tcp.Side;
import org.epcap.flow.tcp.StreamHandler;
import org.epcap.flow.tcp.TcpConnection;
import org.epcap.flow.tcp.TcpReassembler;

/**
 * {@code --follow}: instead of each packet, the reassembled payload of TCP streams, as tshark's
 * {@code -z follow,tcp,MODE,N} prints it: one block per stream (every stream, or the one whose
 * index is asked), in the order streams were first seen (tshark's {@code tcp.stream}).
 *
 * <p>A stream's block is formatted as its bytes come and printed whole once the stream has ended
 * and every stream before it is printed; at the end of the capture every stream ends. The text
 * waiting so is bounded by {@code bufferBytes}: when it would pass the bound, streams that have
 * ended are printed ahead of their turn, and if that is not enough, the open stream holding the
 * most text is printed up to there and continues in a later block with the same index. Both
 * are counted and told on stderr at the end. Gaps in a stream are lines of their own
 * ({@link FollowFormat#gap}), never hidden.
 *
 * <pre>{@code
 * Reporter r = new FollowReporter(output, System.err, FollowFormat.RAW, -1, 32 << 20,
 *         ReassemblyConfig.defaults());
 * }</pre>
 */
final class FollowReporter implements Reporter, StreamHandler {
    /** What a waiting stream costs against the bound besides its text: its objects. */
    static final int STREAM_COST = 256;

    private final Output out;
    private final PrintStream err;
    private final FollowFormat format;
    private final long only;
    private final long bufferBytes;
    private final TcpReassembler reassembler;
    /** In front of the reassembler: segments that came in IP fragments count, as in tshark. */
    private final Defragmenter defragmenter;
    /** The streams not yet printed whole, in index order. */
    private final Map<Long, FollowedStream> waiting = new LinkedHashMap<>();
    private long nextIndex;
    private long held;
    private long printedAhead;
    private long printedInParts;

    /**
     * @param only        the index of the one stream to print, or -1 for all
     * @param bufferBytes the bound on the text held for streams waiting to be printed
     */
    FollowReporter(Output out, PrintStream err, FollowFormat format, long only, long bufferBytes,
            ReassemblyConfig config) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.only = only;
        this.bufferBytes = bufferBytes;
        this.reassembler = new TcpReassembler(config, this);
        this.defragmenter = new Defragmenter(DefragConfig.defaults(), reassembler::acceptFrame);
    }

    @Override
    public void report(Packet p) {
        byte[] data = p.data();
        defragmenter.accept(p.dataLinkType(), p.epochSecond() * 1_000_000_000L + p.nanos(), data, 0, data.length);
    }

    @Override
    public void report(int dataLinkType, byte[] buf, int off, int caplen, long sec, int nsec, int length) {
        defragmenter.accept(dataLinkType, sec * 1_000_000_000L + nsec, buf, off, caplen);
    }

    /** The capture has ended: every stream ends, and what is left is printed in order. */
    @Override
    public void end() {
        reassembler.flush();
        if (printedAhead > 0 || printedInParts > 0) {
            err.println("sniff: --follow: the buffer of " + bufferBytes + " bytes (--follow-buffer) filled: "
                    + printedAhead + " stream(s) printed ahead of their turn, " + printedInParts
                    + " block(s) printed before their stream ended");
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void onStart(TcpConnection c) {
        long index = nextIndex++;
        if (only >= 0 && index != only) {
            return;
        }
        FollowedStream s = new FollowedStream(index, c.client(), c.server());
        c.attach(s);
        waiting.put(index, s);
        held += STREAM_COST;
        openBlock(s);
    }

    @Override
    public void onData(TcpConnection c, Side side, byte[] data, int offset, int length) {
        if (c.attachment() instanceof FollowedStream s) {
            boolean server = side == Side.SERVER;
            int before = s.held.length();
            format.chunk(s.held, server, data, offset, length, server ? s.serverPosition : s.clientPosition);
            advance(s, server, length);
            held(s, before);
        }
    }

    @Override
    public void onGap(TcpConnection c, Side side, long length, GapReason reason) {
        if (c.attachment() instanceof FollowedStream s) {
            boolean server = side == Side.SERVER;
            int before = s.held.length();
            FollowFormat.gap(s.held, server, length, reason);
            advance(s, server, length);
            held(s, before);
        }
    }

    @Override
    public void onEnd(TcpConnection c, Side side, EndReason reason) {
        if (c.attachment() instanceof FollowedStream s && ++s.endedSides == 2) {
            append(s, FollowFormat.RULE + "\n");
            printReady();
        }
    }

    private static void advance(FollowedStream s, boolean server, long n) {
        if (server) {
            s.serverPosition += n;
        } else {
            s.clientPosition += n;
        }
    }

    private void openBlock(FollowedStream s) {
        int before = s.held.length();
        format.header(s.held, s.index, s.client, s.server);
        if (s.partsPrinted > 0) {
            s.held.append("[sniff: stream ").append(s.index).append(" continued]\n");
        }
        s.headerLength = s.held.length();
        held += s.headerLength - before;
    }

    /** Counts what was just formatted into {@code s} from {@code before} on, and keeps within the bound. */
    private void held(FollowedStream s, int before) {
        held += s.held.length() - before;
        if (held > bufferBytes) {
            makeRoom();
        }
    }

    private void append(FollowedStream s, CharSequence text) {
        s.held.append(text);
        held += text.length();
    }

    /** Prints the streams at the front that have ended, in index order. */
    private void printReady() {
        for (Iterator<FollowedStream> i = waiting.values().iterator(); i.hasNext(); ) {
            FollowedStream s = i.next();
            if (!s.ended()) {
                return;
            }
            i.remove();
            print(s);
            held -= STREAM_COST;
        }
    }

    /** Within the bound again: ended streams ahead of their turn, then the open stream holding most. */
    private void makeRoom() {
        for (Iterator<FollowedStream> i = waiting.values().iterator(); i.hasNext() && held > bufferBytes; ) {
            FollowedStream s = i.next();
            if (s.ended()) {
                i.remove();
                print(s);
                held -= STREAM_COST;
                printedAhead++;
            }
        }
        while (held > bufferBytes) {
            FollowedStream largest = null;
            for (FollowedStream s : waiting.values()) {
                if (s.holdsData() && (largest == null || s.held.length() > largest.held.length())) {
                    largest = s;
                }
            }
            if (largest == null) {
                return; // headers only: bounded by the reassembler's connection limit
            }
            append(largest, "[sniff: stream " + largest.index
                    + " continues in a later block: the --follow-buffer is full]\n" + FollowFormat.RULE + "\n");
            print(largest);
            largest.partsPrinted++;
            printedInParts++;
            openBlock(largest);
        }
    }

    /** Writes what {@code s} holds and empties it. */
    private void print(FollowedStream s) {
        s.held.writeTo(out);
        held -= s.held.length();
        s.held = new TextBytes();
        out.packetDone();
    }
}
