package org.epcap.pkt;

/**
 * The codec does not know this datalink type: it reports it rather than guess a link layer.
 *
 * <pre>{@code
 * Decoded d = Pkt.decode(147, bytes);
 * if (d.error() instanceof UnsupportedDataLinkException u) System.err.println(u.dataLinkType());
 * }</pre>
 */
public class UnsupportedDataLinkException extends DecodeException {
    private static final long serialVersionUID = 1L;

    private final int dataLinkType;

    public UnsupportedDataLinkException(int dataLinkType) {
        super("link", 0, false, "unsupported datalink type " + dataLinkType + " ("
                + DataLinkType.name(dataLinkType) + ")");
        this.dataLinkType = dataLinkType;
    }

    public int dataLinkType() {
        return dataLinkType;
    }
}
