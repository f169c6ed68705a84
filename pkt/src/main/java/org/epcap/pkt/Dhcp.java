package org.epcap.pkt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BOOTP/DHCPv4 message (RFC 951, RFC 2131) over UDP ports 67 and 68, with its options (RFC 2132)
 * when the magic cookie 99.130.83.99 announces them.
 *
 * <p>The fixed part is read into fields, the options into {@link DhcpOption}s; accessors read the
 * common ones ({@link #messageType()}, {@link #requestedAddress()}, {@link #hostName()},
 * {@link #parameterRequestList()}, {@link #leaseTime()}, {@link #clientId()}). The message has no
 * length of its own: it runs to the end of the datagram, padding after End included, and those
 * bytes are kept ({@link #message()}) so that encoding is exact. Options carried in the
 * {@code sname} and {@code file} fields (option 52, overload) are not read.
 *
 * <pre>{@code
 * Dhcp dhcp = Pkt.decode(DataLinkType.EN10MB, frame).header(Dhcp.class);
 * if (dhcp != null && dhcp.messageType() == Dhcp.REQUEST) System.out.println(dhcp.hostName());
 * }</pre>
 *
 * @param op           1 request, 2 reply
 * @param hardwareType 1 Ethernet
 * @param hardwareLength 0–255, the bytes of {@code clientHardwareAddress} that count
 * @param hops         0–255
 * @param xid          transaction id, 0–2³²−1
 * @param secs         0–65535
 * @param flags        0–65535 (0x8000 broadcast)
 * @param clientAddress ciaddr
 * @param yourAddress  yiaddr
 * @param serverAddress siaddr
 * @param relayAddress giaddr
 * @param clientHardwareAddress chaddr, 16 bytes
 * @param cookie       true when the magic cookie follows the fixed part
 * @param options      the options in order, Pad and End left out
 * @param ended        true when an End option (255) closes them, as RFC 2131 requires
 * @param message      the message's bytes as decoded
 */
public record Dhcp(int op, int hardwareType, int hardwareLength, int hops, long xid, int secs, int flags,
        Ip4Address clientAddress, Ip4Address yourAddress, Ip4Address serverAddress, Ip4Address relayAddress,
        Bytes clientHardwareAddress, boolean cookie, List<DhcpOption> options, boolean ended, Bytes message)
        implements Header {

    static final String LAYER = "dhcp";
    /** The fixed part: op … file. */
    public static final int FIXED_LENGTH = 236;
    public static final int MAGIC_COOKIE = 0x63825363;

    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int ACK = 5;
    public static final int NAK = 6;
    public static final int RELEASE = 7;
    public static final int INFORM = 8;

    public Dhcp {
        Wire.check("op", op, 0xff);
        Wire.check("hardwareType", hardwareType, 0xff);
        Wire.check("hardwareLength", hardwareLength, 0xff);
        Wire.check("hops", hops, 0xff);
        Wire.check("xid", xid, 0xffff_ffffL);
        Wire.check("secs", secs, 0xffff);
        Wire.check("flags", flags, 0xffff);
        Wire.notNull("clientAddress", clientAddress);
        Wire.notNull("yourAddress", yourAddress);
        Wire.notNull("serverAddress", serverAddress);
        Wire.notNull("relayAddress", relayAddress);
        Wire.notNull("clientHardwareAddress", clientHardwareAddress);
        options = List.copyOf(Wire.notNull("options", options));
        Wire.notNull("message", message);
        if (message.length() < FIXED_LENGTH) {
            throw new IllegalArgumentException("message: at least " + FIXED_LENGTH + " bytes, got " + message.length());
        }
    }

    /**
     * Decodes the message from {@code offset} to {@code limit}.
     *
     * @throws DecodeException when the fixed part is cut short, or an option's length runs past
     *                         the message
     */
    public static Dhcp decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, FIXED_LENGTH, limit);
        int end = Math.min(limit, packet.length);
        boolean cookie = end - offset >= FIXED_LENGTH + 4 && Wire.u32(packet, offset + FIXED_LENGTH) == MAGIC_COOKIE;
        List<DhcpOption> options = new ArrayList<>(8);
        boolean ended = false;
        if (cookie) {
            int p = offset + FIXED_LENGTH + 4;
            while (p < end) {
                int code = packet[p] & 0xff;
                if (code == 255) {
                    ended = true;
                    break;
                }
                if (code == 0) {
                    p++;
                    continue;
                }
                if (p + 2 > end) {
                    throw DecodeException.truncated(LAYER, offset, p + 2 - offset, end - offset);
                }
                int n = packet[p + 1] & 0xff;
                if (p + 2 + n > end) {
                    throw DecodeException.truncated(LAYER, offset, p + 2 + n - offset, end - offset);
                }
                options.add(new DhcpOption(code, Bytes.view(packet, p + 2, n)));
                p += 2 + n;
            }
        }
        return new Dhcp(Wire.u8(packet, offset), Wire.u8(packet, offset + 1), Wire.u8(packet, offset + 2),
                Wire.u8(packet, offset + 3), Wire.u32(packet, offset + 4) & 0xffff_ffffL, Wire.u16(packet, offset + 8),
                Wire.u16(packet, offset + 10), Ip4Address.read(packet, offset + 12), Ip4Address.read(packet, offset + 16),
                Ip4Address.read(packet, offset + 20), Ip4Address.read(packet, offset + 24),
                Bytes.view(packet, offset + 28, 16), cookie, options, ended, Bytes.view(packet, offset, end - offset));
    }

    /** The first option with {@code code}, or null. */
    public DhcpOption option(int code) {
        for (DhcpOption o : options) {
            if (o.code() == code) {
                return o;
            }
        }
        return null;
    }

    /** Option 53 (1 discover … 8 inform), or 0 for plain BOOTP. */
    public int messageType() {
        DhcpOption o = option(DhcpOption.MESSAGE_TYPE);
        return o == null || o.data().length() != 1 ? 0 : o.data().get(0);
    }

    /** Option 50, or null. */
    public Ip4Address requestedAddress() {
        return address(DhcpOption.REQUESTED_ADDRESS);
    }

    /** Option 54, or null. */
    public Ip4Address serverId() {
        return address(DhcpOption.SERVER_ID);
    }

    /** Option 12 as Latin-1 text, or null. */
    public String hostName() {
        DhcpOption o = option(DhcpOption.HOST_NAME);
        return o == null ? null : new String(o.data().toArray(), StandardCharsets.ISO_8859_1);
    }

    /** Option 51 in seconds, or -1. */
    public long leaseTime() {
        DhcpOption o = option(DhcpOption.LEASE_TIME);
        return o == null || o.data().length() != 4 ? -1 : Wire.u32(o.data().toArray(), 0) & 0xffff_ffffL;
    }

    /** Option 55's codes, empty when absent. */
    public List<Integer> parameterRequestList() {
        DhcpOption o = option(DhcpOption.PARAMETER_REQUEST_LIST);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; o != null && i < o.data().length(); i++) {
            out.add(o.data().get(i));
        }
        return out;
    }

    /** Option 61 (hardware type and address, or an opaque id), or null. */
    public Bytes clientId() {
        DhcpOption o = option(DhcpOption.CLIENT_ID);
        return o == null ? null : o.data();
    }

    /** The client's hardware address: the first {@code hardwareLength} bytes of chaddr (at most 16). */
    public Bytes hardwareAddress() {
        return clientHardwareAddress.slice(0, Math.min(16, hardwareLength));
    }

    private Ip4Address address(int code) {
        DhcpOption o = option(code);
        return o == null || o.data().length() != 4 ? null : Ip4Address.read(o.data().toArray(), 0);
    }

    @Override
    public Layer next() {
        return Layer.NONE;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return message.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        return message.copyTo(dst, offset);
    }

    private static final String[] TYPES = {"bootp", "discover", "offer", "request", "decline", "ack", "nak",
        "release", "inform"};

    /**
     * {@code op, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, message_type} and, when
     * present, {@code requested_address, server_id, lease_time, host_name, client_id,
     * parameter_request_list}; {@code options} lists every option code.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op == 1 ? "request" : op == 2 ? "reply" : String.valueOf(op));
        m.put("xid", xid);
        m.put("secs", secs);
        m.put("flags", flags);
        m.put("ciaddr", clientAddress.toString());
        m.put("yiaddr", yourAddress.toString());
        m.put("siaddr", serverAddress.toString());
        m.put("giaddr", relayAddress.toString());
        m.put("chaddr", hardwareAddress().toHex());
        int t = messageType();
        m.put("message_type", t < TYPES.length ? TYPES[t] : String.valueOf(t));
        if (requestedAddress() != null) {
            m.put("requested_address", requestedAddress().toString());
        }
        if (serverId() != null) {
            m.put("server_id", serverId().toString());
        }
        if (leaseTime() >= 0) {
            m.put("lease_time", leaseTime());
        }
        if (hostName() != null) {
            m.put("host_name", Wire.printable(hostName()));
        }
        if (clientId() != null) {
            m.put("client_id", clientId().toHex());
        }
        if (option(DhcpOption.PARAMETER_REQUEST_LIST) != null) {
            m.put("parameter_request_list", parameterRequestList());
        }
        m.put("options", options.stream().map(DhcpOption::code).toList());
        return m;
    }
}
