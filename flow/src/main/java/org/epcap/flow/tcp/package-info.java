/**
 * Bounded TCP stream reassembly: {@link org.epcap.flow.tcp.TcpReassembler} turns TCP segments
 * (from captured frames, or already decoded) into each connection's two byte streams, delivered in
 * order to a {@link org.epcap.flow.tcp.StreamHandler}, within the bounds of a
 * {@link org.epcap.flow.tcp.ReassemblyConfig}.
 *
 * <pre>{@code
 * TcpReassembler r = new TcpReassembler(ReassemblyConfig.defaults(), new StreamHandler() {
 *     public void onData(TcpConnection c, Side side, byte[] data, int offset, int length) {
 *         System.out.write(data, offset, length);                   // in order, a view
 *     }
 *     public void onGap(TcpConnection c, Side side, long length, GapReason reason) {
 *         System.err.printf("%s %s: %d bytes missing (%s)%n", c, side, length, reason);
 *     }
 *     public void onEnd(TcpConnection c, Side side, EndReason reason) {
 *         System.err.printf("%s %s ended: %s%n", c, side, reason);
 *     }
 * });
 * try (PcapReader in = PcapReader.open(Path.of("trace.pcap"))) {
 *     for (RecordView v; (v = in.nextView()) != null; ) {
 *         r.acceptFrame(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
 *     }
 * }
 * r.flush();
 * }</pre>
 *
 * <p>The policies (first copy wins on overlaps, pick-up mid-stream, when gaps are skipped, the
 * budgets, how directions end, packet time) are stated in {@link org.epcap.flow.tcp.TcpReassembler}.
 * The result equals Wireshark's "Follow TCP Stream" on every TCP stream of the test corpus
 * ({@code TsharkFollowOracleTest}), except that an acknowledgement alone never skips a gap here.
 * The connection key is this package's own ({@link org.epcap.flow.tcp.ConnectionKey}) until the
 * flow table's key replaces it.
 */
package org.epcap.flow.tcp;
