package org.epcap.pkt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The nine TCP control bits, in bit order from the least significant: the order tcpdump's flag
 * table and {@link Tcp#fields()} list them ({@code fin, syn, rst, psh, ack, urg, ece, cwr, ns}).
 *
 * <pre>{@code
 * EnumSet<TcpFlag> f = TcpFlag.fromBits(0x012);   // [SYN, ACK]
 * TcpFlag.SYN.label();                            // "syn"
 * }</pre>
 */
public enum TcpFlag {
    FIN(0x001), SYN(0x002), RST(0x004), PSH(0x008), ACK(0x010), URG(0x020), ECE(0x040), CWR(0x080),
    NS(0x100);

    private static final TcpFlag[] ALL = values();

    private final int bit;
    private final String label;

    TcpFlag(int bit) {
        this.bit = bit;
        this.label = name().toLowerCase(java.util.Locale.ROOT);
    }

    /** This flag's bit in the low 12 bits of the TCP offset/flags word. */
    public int bit() {
        return bit;
    }

    /** The lower-case name reports use, e.g. {@code "psh"}. */
    public String label() {
        return label;
    }

    /** The flags set in {@code bits} (reserved bits ignored). */
    public static EnumSet<TcpFlag> fromBits(int bits) {
        EnumSet<TcpFlag> set = EnumSet.noneOf(TcpFlag.class);
        for (TcpFlag f : ALL) {
            if ((bits & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /** The bits of {@code flags} OR-ed together. */
    public static int toBits(Iterable<TcpFlag> flags) {
        int bits = 0;
        for (TcpFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }

    /** The labels of the flags set in {@code bits}, in bit order. */
    public static List<String> labels(int bits) {
        List<String> out = new ArrayList<>(4);
        for (TcpFlag f : ALL) {
            if ((bits & f.bit) != 0) {
                out.add(f.label);
            }
        }
        return out;
    }
}
