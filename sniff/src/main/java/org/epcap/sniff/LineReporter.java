package org.epcap.sniff;

import java.util.List;
import org.epcap.Packet;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Ether;
import org.epcap.pkt.Header;
import org.epcap.pkt.LinuxCooked;
import org.epcap.pkt.Llc;
import org.epcap.pkt.LinuxCooked2;
import org.epcap.pkt.Null;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Vlan;

/**
 * One line per packet as tcpdump prints it: time, addresses and ports, a protocol summary,
 * length; {@code -e} adds the link header, {@code -x}/{@code -X}/{@code -A} a dump under it.
 *
 * <pre>
 * 20:12:03.342266 IP 10.21.11.94.80 &gt; 10.114.101.120.5767: Flags [P.], seq 908588050:908588655, ack 2693707125, win 63750, length 605
 * 09:19:54.740079 IP 192.168.1.11.43966 &gt; 209.87.249.18.53: 22836+ [1au] A? www.tcpdump.org. (56)
 * </pre>
 *
 * The time column, the link header of {@code -e} and the dumps are tcpdump's to the byte; the
 * protocol summary is tcpdump's for TCP with {@code -S} (absolute sequence numbers), for the
 * protocols after UDP that tcpdump names ({@link ApplicationLine}, {@link TunnelLine}), and a
 * shorter one elsewhere.
 *
 * <pre>{@code
 * Output out = new Output(new FileOutputStream(FileDescriptor.out), Output.Flush.FULL);
 * Sniff.reporter(new LineReporter(out, LineStyle.DEFAULT));
 * }</pre>
 */
public final class LineReporter implements Reporter {
    private final Output out;
    private final LineStyle style;
    private final TimeStamps time;
    private final StringBuilder sb = new StringBuilder(256);
    private FastLine fast;
    /** tcpdump's relative TCP sequence numbers; null with -S. */
    private final RelativeSequences sequences;

    public LineReporter(Output out, LineStyle style) {
        this.out = out;
        this.style = style;
        this.time = style.timeStamps();
        this.sequences = style.absoluteSequenceNumbers() ? null : new RelativeSequences();
        this.fast = new FastLine(sequences);
    }

    @Override
    public void report(Packet p) {
        byte[] data = p.data();
        report(p.dataLinkType(), data, 0, data.length, p.epochSecond(), p.nanos(), p.length());
    }

    @Override
    public void report(int dataLinkType, byte[] buf, int off, int caplen, long sec, int nsec, int length) {
        sb.setLength(0);
        format(sb, dataLinkType, buf, off, caplen, sec, nsec, length);
        out.ascii(sb).newline();
        out.packetDone();
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** This reporter without the fast path, every packet through {@code Pkt.decode} (tests). */
    LineReporter fullPathOnly() {
        fast = null;
        return this;
    }

    /** The line (and dump) for one packet, without the final line end. */
    public void format(StringBuilder sb, int dataLinkType, byte[] buf, int off, int caplen, long sec, int nsec,
                       int length) {
        time.append(sb, sec, nsec);
        if (fast != null && !style.linkHeader() && style.dump() == PacketDump.NONE) {
            int mark = sb.length();
            if (fast.append(sb, dataLinkType, buf, off, caplen, style.quiet())) {
                return;
            }
            sb.setLength(mark);
        }
        Decoded d = DataLinkType.isSupported(dataLinkType) ? Pkt.decode(dataLinkType, buf, off, caplen) : null;
        List<Header> headers = d == null ? List.of() : d.headers();
        int linkLength = linkHeaderLength(dataLinkType, headers);
        if (d == null) {
            // tcpdump names the link type it cannot print; so does sniff.
            sb.append("[|").append(DataLinkType.name(dataLinkType)).append("] length ").append(length);
        } else {
            int first = linkPart(sb, headers, length);
            ProtocolLine.append(sb, headers, first, d, style.quiet(), style.linkHeader(), sequences);
        }
        if (style.dump() != PacketDump.NONE) {
            int skip = style.wholeDump() ? 0 : Math.min(linkLength, caplen);
            if (style.wholeDump() || caplen > linkLength) {
                style.dump().append(sb, buf, off + skip, caplen - skip);
            }
        }
    }

    // -e: the link header as tcpdump prints it; returns the index of the first header after it.
    private int linkPart(StringBuilder sb, List<Header> headers, int length) {
        int i = 0;
        if (headers.isEmpty()) {
            return 0;
        }
        Header h = headers.get(0);
        boolean e = style.linkHeader();
        if (h instanceof Ether eth) {
            i = 1;
            if (e) {
                mac(sb, eth.source().value()).append(" > ");
                mac(sb, eth.destination().value());
                if (eth.isLength()) {
                    sb.append(", 802.3, length ").append(length).append(": ");
                } else {
                    sb.append(", ethertype ");
                    Names.etherType(sb, eth.type());
                    sb.append(", length ").append(length).append(": ");
                }
            }
            while (i < headers.size() && headers.get(i) instanceof Vlan v) {
                if (e) {
                    sb.append("vlan ").append(v.vlanId()).append(", p ").append(v.priority());
                    if (v.dropEligible()) {
                        sb.append(", DEI");
                    }
                    sb.append(", ethertype ");
                    Names.etherType(sb, v.type());
                    sb.append(", ");
                }
                i++;
            }
        } else if (h instanceof LinuxCooked sll) {
            i = 1;
            if (e) {
                String dir = Names.sllPacketType(sll.packetType());
                for (int pad = 3 - dir.length(); pad > 0; pad--) {
                    sb.append(' ');
                }
                sb.append(dir).append(' ');
                if (sll.addressLength() > 0 && sll.addressLength() <= 8) {
                    linkAddress(sb, sll.address() >>> (8 * (8 - sll.addressLength())), sll.addressLength()).append(' ');
                }
                sb.append("ethertype ");
                Names.etherType(sb, sll.protocol());
                sb.append(", length ").append(length).append(": ");
            }
        } else if (h instanceof LinuxCooked2 sll2) {
            i = 1;
            if (e) {
                sb.append("ifindex ").append(sll2.interfaceIndex()).append(' ');
                sb.append("ethertype ");
                Names.etherType(sb, sll2.protocol());
                sb.append(", length ").append(length).append(": ");
            }
        } else if (h instanceof Null nul) {
            i = 1;
            if (e) {
                sb.append("AF ").append(Names.addressFamily(nul.family())).append(" (").append(nul.family())
                        .append("), length ").append(length).append(": ");
            }
        } else if (e) {
            sb.append("ip: ");
        }
        return i;
    }

    /** Bytes of the link header: where {@code -x}, {@code -X} and {@code -A} start, as in tcpdump. */
    static int linkHeaderLength(int dataLinkType, List<Header> headers) {
        int n = 0;
        boolean ieee8023 = false;
        for (Header h : headers) {
            if (h instanceof Ether || h instanceof Vlan || h instanceof LinuxCooked || h instanceof LinuxCooked2
                    || h instanceof Null) {
                n += h.encodedLength();
                ieee8023 = (h instanceof Ether e && e.isLength()) || (h instanceof Vlan v && v.type() <= 1500);
            } else if (h instanceof Llc && ieee8023) {
                n += h.encodedLength(); // tcpdump counts an 802.3 frame's LLC header as link header
                break;
            } else {
                break;
            }
        }
        if (n == 0) {
            switch (dataLinkType) {
                case DataLinkType.EN10MB -> n = 14;
                case DataLinkType.LINUX_SLL -> n = 16;
                case DataLinkType.LINUX_SLL2 -> n = 20;
                case DataLinkType.NULL, DataLinkType.LOOP -> n = 4;
                default -> n = 0;
            }
        }
        return n;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static StringBuilder mac(StringBuilder sb, long v) {
        return linkAddress(sb, v, 6);
    }

    private static StringBuilder linkAddress(StringBuilder sb, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int b = (int) (v >>> (8 * (bytes - 1 - i))) & 0xff;
            sb.append(HEX[b >> 4]).append(HEX[b & 0xf]);
        }
        return sb;
    }
}
