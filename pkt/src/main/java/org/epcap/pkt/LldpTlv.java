package org.epcap.pkt;

import java.nio.charset.StandardCharsets;

/**
 * One LLDP TLV (IEEE 802.1AB): a 7-bit type, a 9-bit length, the value. The mandatory and the
 * common optional TLVs are records; any other type, or a known type whose value does not have
 * the shape the type requires, is {@link Unknown} with its value kept raw.
 *
 * <pre>{@code
 * LldpTlv name = new LldpTlv.SystemName(Bytes.of("switch-1".getBytes(US_ASCII)));
 * name.encodedLength();   // 10
 * }</pre>
 */
public sealed interface LldpTlv {

    int END = 0;
    int CHASSIS_ID = 1;
    int PORT_ID = 2;
    int TIME_TO_LIVE = 3;
    int PORT_DESCRIPTION = 4;
    int SYSTEM_NAME = 5;
    int SYSTEM_DESCRIPTION = 6;
    int SYSTEM_CAPABILITIES = 7;
    int MANAGEMENT_ADDRESS = 8;
    int ORGANIZATIONALLY_SPECIFIC = 127;

    int type();

    /** The length field: bytes of value, 0–511. */
    int valueLength();

    void writeValue(byte[] dst, int offset);

    default int encodedLength() {
        return 2 + valueLength();
    }

    default int encodeTo(byte[] dst, int offset) {
        Wire.put16(dst, offset, (type() << 9) | valueLength());
        writeValue(dst, offset + 2);
        return offset + 2 + valueLength();
    }

    /** Type 0, length 0: the last TLV. */
    record End() implements LldpTlv {
        public int type() { return END; }
        public int valueLength() { return 0; }
        public void writeValue(byte[] dst, int o) { }
    }

    /** Type 1; subtype 4 is a MAC address, 5 a network address, 7 locally assigned text. */
    record ChassisId(int subtype, Bytes id) implements LldpTlv {
        public ChassisId {
            Wire.check("subtype", subtype, 0xff);
            checkLength(1 + id.length());
        }
        public int type() { return CHASSIS_ID; }
        public int valueLength() { return 1 + id.length(); }
        public void writeValue(byte[] dst, int o) {
            dst[o] = (byte) subtype;
            id.copyTo(dst, o + 1);
        }
    }

    /** Type 2; subtype 3 is a MAC address, 5 an interface name, 7 locally assigned text. */
    record PortId(int subtype, Bytes id) implements LldpTlv {
        public PortId {
            Wire.check("subtype", subtype, 0xff);
            checkLength(1 + id.length());
        }
        public int type() { return PORT_ID; }
        public int valueLength() { return 1 + id.length(); }
        public void writeValue(byte[] dst, int o) {
            dst[o] = (byte) subtype;
            id.copyTo(dst, o + 1);
        }
    }

    /** Type 3, length 2. */
    record TimeToLive(int seconds) implements LldpTlv {
        public TimeToLive {
            Wire.check("seconds", seconds, 0xffff);
        }
        public int type() { return TIME_TO_LIVE; }
        public int valueLength() { return 2; }
        public void writeValue(byte[] dst, int o) { Wire.put16(dst, o, seconds); }
    }

    /** Types 4, 5 and 6: port description, system name, system description. */
    record Text(int type, Bytes text) implements LldpTlv {
        public Text {
            if (type != PORT_DESCRIPTION && type != SYSTEM_NAME && type != SYSTEM_DESCRIPTION) {
                throw new IllegalArgumentException("type: 4, 5 or 6, got " + type);
            }
            checkLength(text.length());
        }
        public int valueLength() { return text.length(); }
        public void writeValue(byte[] dst, int o) { text.copyTo(dst, o); }
        /** The text, decoded as UTF-8 (malformed sequences replaced). */
        public String string() { return new String(text.toArray(), StandardCharsets.UTF_8); }
    }

    /** Type 7, length 4: the capability bits and those enabled. */
    record SystemCapabilities(int capabilities, int enabled) implements LldpTlv {
        public SystemCapabilities {
            Wire.check("capabilities", capabilities, 0xffff);
            Wire.check("enabled", enabled, 0xffff);
        }
        public int type() { return SYSTEM_CAPABILITIES; }
        public int valueLength() { return 4; }
        public void writeValue(byte[] dst, int o) {
            Wire.put16(dst, o, capabilities);
            Wire.put16(dst, o + 2, enabled);
        }
    }

    /** Type 8: subtype 1 is IPv4, 2 IPv6 (IANA address families). */
    record ManagementAddress(int addressSubtype, Bytes address, int interfaceSubtype,
            long interfaceNumber, Bytes objectIdentifier) implements LldpTlv {
        public ManagementAddress {
            Wire.check("addressSubtype", addressSubtype, 0xff);
            if (address.length() < 1 || address.length() > 31) {
                throw new IllegalArgumentException("address: 1–31 bytes, got " + address.length());
            }
            Wire.check("interfaceSubtype", interfaceSubtype, 0xff);
            Wire.check("interfaceNumber", interfaceNumber, 0xffff_ffffL);
            Wire.check("objectIdentifier.length", objectIdentifier.length(), 128);
        }
        public int type() { return MANAGEMENT_ADDRESS; }
        public int valueLength() { return 8 + address.length() + objectIdentifier.length(); }
        public void writeValue(byte[] dst, int o) {
            dst[o] = (byte) (1 + address.length());
            dst[o + 1] = (byte) addressSubtype;
            int p = address.copyTo(dst, o + 2);
            dst[p] = (byte) interfaceSubtype;
            Wire.put32(dst, p + 1, (int) interfaceNumber);
            dst[p + 5] = (byte) objectIdentifier.length();
            objectIdentifier.copyTo(dst, p + 6);
        }
    }

    /** Type 127: a 3-byte OUI, a subtype, and the information string kept raw. */
    record OrganizationallySpecific(int oui, int subtype, Bytes information) implements LldpTlv {
        public OrganizationallySpecific {
            Wire.check("oui", oui, 0xff_ffff);
            Wire.check("subtype", subtype, 0xff);
            checkLength(4 + information.length());
        }
        public int type() { return ORGANIZATIONALLY_SPECIFIC; }
        public int valueLength() { return 4 + information.length(); }
        public void writeValue(byte[] dst, int o) {
            Wire.put24(dst, o, oui);
            dst[o + 3] = (byte) subtype;
            information.copyTo(dst, o + 4);
        }
    }

    /** Any other TLV, kept raw. */
    record Unknown(int type, Bytes value) implements LldpTlv {
        public Unknown {
            Wire.check("type", type, 127);
            checkLength(value.length());
        }
        public int valueLength() { return value.length(); }
        public void writeValue(byte[] dst, int o) { value.copyTo(dst, o); }
    }

    private static void checkLength(int length) {
        Wire.check("TLV length", length, 511);
    }

    /** The TLV of {@code type} whose value is {@code [o, o + length)}. */
    static LldpTlv decode(byte[] b, int type, int o, int length) {
        switch (type) {
            case END:
                if (length == 0) {
                    return new End();
                }
                break;
            case CHASSIS_ID:
                if (length >= 1) {
                    return new ChassisId(b[o] & 0xff, Bytes.view(b, o + 1, length - 1));
                }
                break;
            case PORT_ID:
                if (length >= 1) {
                    return new PortId(b[o] & 0xff, Bytes.view(b, o + 1, length - 1));
                }
                break;
            case TIME_TO_LIVE:
                if (length == 2) {
                    return new TimeToLive(Wire.u16(b, o));
                }
                break;
            case PORT_DESCRIPTION, SYSTEM_NAME, SYSTEM_DESCRIPTION:
                return new Text(type, Bytes.view(b, o, length));
            case SYSTEM_CAPABILITIES:
                if (length == 4) {
                    return new SystemCapabilities(Wire.u16(b, o), Wire.u16(b, o + 2));
                }
                break;
            case MANAGEMENT_ADDRESS:
                LldpTlv m = managementAddress(b, o, length);
                if (m != null) {
                    return m;
                }
                break;
            case ORGANIZATIONALLY_SPECIFIC:
                if (length >= 4) {
                    return new OrganizationallySpecific(Wire.u24(b, o), b[o + 3] & 0xff,
                            Bytes.view(b, o + 4, length - 4));
                }
                break;
            default:
                break;
        }
        return new Unknown(type, Bytes.view(b, o, length));
    }

    private static LldpTlv managementAddress(byte[] b, int o, int length) {
        if (length < 1) {
            return null;
        }
        int addressStringLength = b[o] & 0xff;
        if (addressStringLength < 2 || addressStringLength > 32
                || 1 + addressStringLength + 6 > length) {
            return null;
        }
        int p = o + 1 + addressStringLength;
        int oidLength = b[p + 5] & 0xff;
        if (oidLength > 128 || 1 + addressStringLength + 6 + oidLength != length) {
            return null;
        }
        return new ManagementAddress(b[o + 1] & 0xff, Bytes.view(b, o + 2, addressStringLength - 1),
                b[p] & 0xff, Wire.u32(b, p + 1) & 0xffff_ffffL, Bytes.view(b, p + 6, oidLength));
    }
}
