/**
 * Capture files in pure Java: {@link org.epcap.pkt.io.PcapReader} reads classic pcap and pcapng,
 * {@link org.epcap.pkt.io.PcapWriter} and {@link org.epcap.pkt.io.PcapNgWriter} write them, both
 * behind the small {@link org.epcap.pkt.io.PacketWriter} interface.
 *
 * <p>Copy a capture to pcapng, keeping only TCP:
 * <pre>{@code
 * try (PcapReader in = PcapReader.open(Path.of("in.pcap"));
 *      PacketWriter out = PcapNgWriter.create(Path.of("out.pcapng"))) {
 *     for (PcapRecord r : in) {
 *         if (Pkt.decode(r.dataLinkType(), r.data()).header(Tcp.class) != null) out.write(r);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link org.epcap.pkt.io.PcapReader#nextView()} shows each record in place in the reader's
 * buffer ({@link org.epcap.pkt.io.RecordView}, valid until the next read) for reading without a
 * copy. A {@code dataLinkType} is a DLT_ number throughout: the reader and the writers translate
 * the files' LINKTYPE_ numbers as libpcap does ({@link org.epcap.pkt.DataLinkType#toLinkType}).
 *
 * <p>A damaged file gives {@link org.epcap.pkt.io.PcapFormatException} (an {@code IOException}
 * naming the byte offset) and nothing else; no length field in a file can make the reader
 * allocate more than about 400 KiB at once.
 */
package org.epcap.pkt.io;
