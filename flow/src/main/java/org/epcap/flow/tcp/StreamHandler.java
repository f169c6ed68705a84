package org.epcap.flow.tcp;

/**
 * Receives the reassembled byte streams of TCP connections. Each direction of a connection gets,
 * in sequence order, {@link #onData} and {@link #onGap} calls that together cover every byte from
 * the first one seen to where the direction ends, then exactly one {@link #onEnd}. Calls come on
 * the thread that feeds the {@link TcpReassembler}, from inside its {@code accept…},
 * {@code advanceTime} and {@code flush} calls: a handler must not call those itself.
 *
 * <pre>{@code
 * StreamHandler h = new StreamHandler() {
 *     public void onData(TcpConnection c, Side side, byte[] data, int offset, int length) {
 *         digests.get(c, side).update(data, offset, length);    // read now, do not keep
 *     }
 *     public void onGap(TcpConnection c, Side side, long length, GapReason reason) {
 *         System.err.println(c + " " + side + ": " + length + " bytes missing (" + reason + ")");
 *     }
 * };
 * }</pre>
 */
public interface StreamHandler {
    /** A connection was first seen (before any data of it). */
    default void onStart(TcpConnection connection) {
    }

    /**
     * The next {@code length} bytes sent by {@code side}. The range is a view: of the packet
     * itself when the segment arrived in order, of the reassembler's buffer otherwise. It is valid
     * only during the call; copy what must be kept, and never write to it.
     */
    void onData(TcpConnection connection, Side side, byte[] data, int offset, int length);

    /** The next {@code length} bytes sent by {@code side} are missing from the stream, for {@code reason}. */
    default void onGap(TcpConnection connection, Side side, long length, GapReason reason) {
    }

    /** {@code side}'s direction has ended; nothing more comes for it. */
    default void onEnd(TcpConnection connection, Side side, EndReason reason) {
    }
}
