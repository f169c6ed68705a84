package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A VRRP advertisement, version 2 (RFC 3768) or 3 (RFC 5798).
 *
 * <p>{@code intervalWord} is bytes 4–5 whole: in v2 the authentication type and the
 * advertisement interval in seconds, in v3 four reserved bits and the 12-bit maximum
 * advertisement interval in centiseconds. The address count is the size of the address list.
 * v2 carries IPv4 addresses and 8 bytes of authentication data; v3 carries IPv4 or IPv6
 * addresses, which the packet itself does not say: {@link #decode(byte[], int, int, int)} takes
 * the IP version of the enclosing header (the dispatcher passes 6 under IPv6), and the
 * three-argument form assumes IPv4.
 *
 * <pre>{@code
 * Vrrp v = Vrrp.decode(packet, ipPayloadOffset, limit, 6);   // VRRPv3 over IPv6
 * v.ipv6Addresses();
 * }</pre>
 *
 * @param versionAndType     version (high 4 bits, 2 or 3) and type (low 4 bits, 1 advertisement)
 * @param virtualRouterId    0–255
 * @param priority           0–255
 * @param intervalWord       0–65535, see above
 * @param checksum           0–65535, as carried
 * @param ipv4Addresses      the addresses under IPv4 (else empty)
 * @param ipv6Addresses      the addresses of a v3 advertisement under IPv6 (else empty)
 * @param authenticationData v2: 8 bytes; v3: empty
 */
public record Vrrp(int versionAndType, int virtualRouterId, int priority, int intervalWord,
        int checksum, List<Ip4Address> ipv4Addresses, List<Ip6Address> ipv6Addresses,
        Bytes authenticationData) implements Header, HasChecksum {

    static final String LAYER = "vrrp";

    public Vrrp {
        Wire.check("versionAndType", versionAndType, 0xff);
        Wire.check("virtualRouterId", virtualRouterId, 0xff);
        Wire.check("priority", priority, 0xff);
        Wire.check("intervalWord", intervalWord, 0xffff);
        Wire.check("checksum", checksum, 0xffff);
        ipv4Addresses = List.copyOf(ipv4Addresses);
        ipv6Addresses = List.copyOf(ipv6Addresses);
        Wire.notNull("authenticationData", authenticationData);
        int version = versionAndType >>> 4;
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version: 2 or 3, got " + version);
        }
        if (!ipv4Addresses.isEmpty() && !ipv6Addresses.isEmpty()) {
            throw new IllegalArgumentException("ipv4Addresses, ipv6Addresses: one must be empty");
        }
        if (ipv4Addresses.size() + ipv6Addresses.size() > 255) {
            throw new IllegalArgumentException("addresses: at most 255");
        }
        if (version == 2 && (!ipv6Addresses.isEmpty() || authenticationData.length() != 8)) {
            throw new IllegalArgumentException(
                    "version 2: IPv4 addresses only and 8 bytes of authenticationData");
        }
        if (version == 3 && !authenticationData.isEmpty()) {
            throw new IllegalArgumentException("version 3: no authenticationData");
        }
    }

    /** Decodes a VRRP advertisement carried over IPv4. */
    public static Vrrp decode(byte[] packet, int offset, int limit) {
        return decode(packet, offset, limit, 4);
    }

    /**
     * Decodes a VRRP advertisement carried in an IP packet of version {@code ipVersion} (4 or 6).
     *
     * @throws DecodeException when the version is neither 2 nor 3 (malformed) or the addresses
     *                         and authentication data run past {@code limit} (truncated)
     */
    public static Vrrp decode(byte[] packet, int offset, int limit, int ipVersion) {
        Wire.need(LAYER, packet, offset, 8, limit);
        int versionAndType = packet[offset] & 0xff;
        int version = versionAndType >>> 4;
        if (version != 2 && version != 3) {
            throw DecodeException.malformed(LAYER, offset, "version " + version + " is not 2 or 3");
        }
        int count = packet[offset + 3] & 0xff;
        boolean v6 = version == 3 && ipVersion == 6;
        int addressLength = v6 ? 16 : 4;
        int authLength = version == 2 ? 8 : 0;
        Wire.need(LAYER, packet, offset, 8 + count * addressLength + authLength, limit);
        List<Ip4Address> v4 = new ArrayList<>(v6 ? 0 : count);
        List<Ip6Address> v6s = new ArrayList<>(v6 ? count : 0);
        int o = offset + 8;
        for (int i = 0; i < count; i++, o += addressLength) {
            if (v6) {
                v6s.add(Ip6Address.read(packet, o));
            } else {
                v4.add(Ip4Address.read(packet, o));
            }
        }
        return new Vrrp(versionAndType, packet[offset + 1] & 0xff, packet[offset + 2] & 0xff,
                Wire.u16(packet, offset + 4), Wire.u16(packet, offset + 6), v4, v6s,
                authLength == 0 ? Bytes.EMPTY : Bytes.view(packet, o, authLength));
    }

    public int version() {
        return versionAndType >>> 4;
    }

    public int type() {
        return versionAndType & 0xf;
    }

    /** v2: the authentication type (byte 4). */
    public int authenticationType() {
        return intervalWord >>> 8;
    }

    /** v2: the advertisement interval in seconds (byte 5). */
    public int advertisementInterval() {
        return intervalWord & 0xff;
    }

    /** v3: the maximum advertisement interval in centiseconds (low 12 bits). */
    public int maximumAdvertisementInterval() {
        return intervalWord & 0xfff;
    }

    public int addressCount() {
        return ipv4Addresses.size() + ipv6Addresses.size();
    }

    @Override
    public Vrrp withChecksum(int checksum) {
        return new Vrrp(versionAndType, virtualRouterId, priority, intervalWord, checksum,
                ipv4Addresses, ipv6Addresses, authenticationData);
    }

    /** VRRPv3 under the IP pseudo-header (RFC 5798); VRRPv2 over the message alone (RFC 3768). */
    @Override
    public int checksumOver(byte[] packet, int offset, int length, Header network) {
        return version() == 3
                ? Checksums.transport(Checksums.requireNetwork(network, LAYER), IpProtocol.VRRP, packet, offset, length)
                : Checksums.internet(packet, offset, length);
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
        return 8 + 4 * ipv4Addresses.size() + 16 * ipv6Addresses.size()
                + authenticationData.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) versionAndType;
        dst[offset + 1] = (byte) virtualRouterId;
        dst[offset + 2] = (byte) priority;
        dst[offset + 3] = (byte) addressCount();
        Wire.put16(dst, offset + 4, intervalWord);
        Wire.put16(dst, offset + 6, checksum);
        int o = offset + 8;
        for (Ip4Address a : ipv4Addresses) {
            o = a.writeTo(dst, o);
        }
        for (Ip6Address a : ipv6Addresses) {
            o = a.writeTo(dst, o);
        }
        return authenticationData.copyTo(dst, o);
    }

    /**
     * {@code version, type, vrid, priority, count}, then v2 {@code auth_type, adver_int} or v3
     * {@code max_adver_int}, {@code checksum} and {@code addresses} (text).
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version());
        m.put("type", type());
        m.put("vrid", virtualRouterId);
        m.put("priority", priority);
        m.put("count", addressCount());
        if (version() == 2) {
            m.put("auth_type", authenticationType());
            m.put("adver_int", advertisementInterval());
        } else {
            m.put("max_adver_int", maximumAdvertisementInterval());
        }
        m.put("checksum", checksum);
        List<String> addresses = new ArrayList<>(addressCount());
        ipv4Addresses.forEach(a -> addresses.add(a.toString()));
        ipv6Addresses.forEach(a -> addresses.add(a.toString()));
        m.put("addresses", addresses);
        return m;
    }
}
