package org.epcap.pkt;

/**
 * One DHCP option (RFC 2132): its code and data. Pad (0) and End (255) have no length byte and are
 * not listed as options; they stay in {@link Dhcp#message()}.
 *
 * @param code 1–254
 * @param data the option's bytes (a view of the packet)
 */
public record DhcpOption(int code, Bytes data) {
    public static final int SUBNET_MASK = 1;
    public static final int ROUTER = 3;
    public static final int DOMAIN_NAME_SERVER = 6;
    public static final int HOST_NAME = 12;
    public static final int DOMAIN_NAME = 15;
    public static final int REQUESTED_ADDRESS = 50;
    public static final int LEASE_TIME = 51;
    public static final int OVERLOAD = 52;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_ID = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int CLIENT_ID = 61;

    public DhcpOption {
        Wire.check("code", code, 0xff);
        Wire.notNull("data", data);
        if (data.length() > 255) {
            throw new IllegalArgumentException("data: at most 255 bytes, got " + data.length());
        }
    }
}
