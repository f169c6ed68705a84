package org.epcap.pkt;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Datalink types (libpcap's {@code DLT_*} and the pcap file {@code LINKTYPE_*} values) and their
 * names as libpcap's {@code pcap_datalink_val_to_name} gives them, in lower case ({@code en10mb},
 * {@code linux_sll}, {@code raw}).
 *
 * <pre>{@code
 * DataLinkType.name(1);                     // "en10mb"
 * DataLinkType.valueOf("linux_sll2");       // OptionalInt[276]
 * Pkt.decode(DataLinkType.EN10MB, frame);
 * }</pre>
 *
 * <p>Raw IP has three numbers: {@link #RAW} (12, Linux and most systems), {@link #RAW_OPENBSD}
 * (14, DLT_RAW on OpenBSD) and {@link #LINKTYPE_RAW} (101, what pcap files store); the codec
 * treats all three as raw IP.
 *
 * <p>Capture files store {@code LINKTYPE_*} numbers, which differ from the {@code DLT_*} number a
 * capture gives for the few types whose DLT value varies between systems. {@link #toLinkType} and
 * {@link #fromLinkType} translate as libpcap on Linux does when it writes and reads a file
 * ({@code dlt_to_linktype}, {@code linktype_to_dlt}); the codec's readers and writers use them,
 * so a {@code dataLinkType} in this codec is always a DLT:
 *
 * <pre>{@code
 * DataLinkType.toLinkType(DataLinkType.RAW);              // 101, what a pcap header holds
 * DataLinkType.fromLinkType(DataLinkType.LINKTYPE_RAW);   // 12
 * DataLinkType.toLinkType(13);                            // -1: libpcap cannot save it either
 * }</pre>
 */
public final class DataLinkType {
    private DataLinkType() {
    }

    public static final int NULL = 0;
    public static final int EN10MB = 1;
    public static final int EN3MB = 2;
    public static final int AX25 = 3;
    public static final int PRONET = 4;
    public static final int CHAOS = 5;
    public static final int IEEE802 = 6;
    public static final int ARCNET = 7;
    public static final int SLIP = 8;
    public static final int PPP = 9;
    public static final int FDDI = 10;
    public static final int ATM_RFC1483 = 11;
    public static final int RAW = 12;
    public static final int RAW_OPENBSD = 14;
    public static final int PPP_SERIAL = 50;
    public static final int PPP_ETHER = 51;
    public static final int LINKTYPE_RAW = 101;
    public static final int C_HDLC = 104;
    public static final int IEEE802_11 = 105;
    public static final int FRELAY = 107;
    public static final int LOOP = 108;
    public static final int ENC = 109;
    public static final int LINUX_SLL = 113;
    public static final int LTALK = 114;
    public static final int PFLOG = 117;
    public static final int PRISM_HEADER = 119;
    public static final int IP_OVER_FC = 122;
    public static final int SUNATM = 123;
    public static final int IEEE802_11_RADIO = 127;
    public static final int ARCNET_LINUX = 129;
    public static final int APPLE_IP_OVER_IEEE1394 = 138;
    public static final int MTP2_WITH_PHDR = 139;
    public static final int LINUX_IRDA = 144;
    public static final int USER0 = 147;
    public static final int IEEE802_11_RADIO_AVS = 163;
    public static final int BACNET_MS_TP = 165;
    public static final int PPP_PPPD = 166;
    public static final int GPRS_LLC = 169;
    public static final int LINUX_LAPD = 177;
    public static final int BLUETOOTH_HCI_H4 = 187;
    public static final int USB_LINUX = 189;
    public static final int PPI = 192;
    public static final int IEEE802_15_4_WITHFCS = 195;
    public static final int ERF = 197;
    public static final int BLUETOOTH_HCI_H4_WITH_PHDR = 201;
    public static final int IPMB_LINUX = 209;
    public static final int USB_LINUX_MMAPPED = 220;
    public static final int IEEE802_15_4_NOFCS = 230;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int DBUS = 231;
    public static final int DVB_CI = 235;
    public static final int NFLOG = 239;
    public static final int NETANALYZER = 240;
    public static final int IPOIB = 242;
    public static final int MPEG_2_TS = 243;
    public static final int NG40 = 244;
    public static final int NETLINK = 253;
    public static final int BLUETOOTH_LE_LL = 251;
    public static final int PFSYNC = 246;
    public static final int USBPCAP = 249;
    public static final int BLUETOOTH_LINUX_MONITOR = 254;
    public static final int BLUETOOTH_BREDR_BB = 255;
    public static final int BLUETOOTH_LE_LL_WITH_PHDR = 256;
    public static final int WIRESHARK_UPPER_PDU = 252;
    public static final int DOCSIS = 143;
    public static final int VSOCK = 271;
    public static final int NORDIC_BLE = 272;
    public static final int ETW = 290;
    public static final int LINUX_SLL2 = 276;
    public static final int ZWAVE_R1_R2 = 261;
    public static final int ISO_14443 = 264;
    public static final int USB_DARWIN = 266;
    public static final int SDLC = 268;
    public static final int EBHSCR = 279;
    public static final int DSA_TAG_BRCM = 281;
    public static final int IEEE802_15_4_TAP = 283;
    public static final int ATSC_ALP = 289;

    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<String, Integer> VALUES = new HashMap<>();

    private static void name(int value, String name) {
        NAMES.putIfAbsent(value, name);
        VALUES.putIfAbsent(name, value);
    }

    static {
        name(NULL, "null");
        name(EN10MB, "en10mb");
        name(EN3MB, "en3mb");
        name(AX25, "ax25");
        name(PRONET, "pronet");
        name(CHAOS, "chaos");
        name(IEEE802, "ieee802");
        name(ARCNET, "arcnet");
        name(SLIP, "slip");
        name(PPP, "ppp");
        name(FDDI, "fddi");
        name(ATM_RFC1483, "atm_rfc1483");
        name(RAW, "raw");
        name(RAW_OPENBSD, "raw");
        name(LINKTYPE_RAW, "raw");
        name(PPP_SERIAL, "ppp_serial");
        name(PPP_ETHER, "ppp_ether");
        name(C_HDLC, "c_hdlc");
        name(IEEE802_11, "ieee802_11");
        name(FRELAY, "frelay");
        name(LOOP, "loop");
        name(ENC, "enc");
        name(LINUX_SLL, "linux_sll");
        name(LTALK, "ltalk");
        name(PFLOG, "pflog");
        name(PRISM_HEADER, "prism");
        name(IP_OVER_FC, "ip_over_fc");
        name(SUNATM, "sunatm");
        name(IEEE802_11_RADIO, "ieee802_11_radio");
        name(ARCNET_LINUX, "arcnet_linux");
        name(APPLE_IP_OVER_IEEE1394, "apple_ip_over_ieee1394");
        name(MTP2_WITH_PHDR, "mtp2_with_phdr");
        name(DOCSIS, "docsis");
        name(LINUX_IRDA, "linux_irda");
        name(USER0, "user0");
        name(IEEE802_11_RADIO_AVS, "ieee802_11_radio_avs");
        name(BACNET_MS_TP, "bacnet_ms_tp");
        name(PPP_PPPD, "ppp_pppd");
        name(GPRS_LLC, "gprs_llc");
        name(LINUX_LAPD, "linux_lapd");
        name(BLUETOOTH_HCI_H4, "bluetooth_hci_h4");
        name(USB_LINUX, "usb_linux");
        name(PPI, "ppi");
        name(IEEE802_15_4_WITHFCS, "ieee802_15_4");
        name(ERF, "erf");
        name(BLUETOOTH_HCI_H4_WITH_PHDR, "bluetooth_hci_h4_with_phdr");
        name(IPMB_LINUX, "ipmb_linux");
        name(USB_LINUX_MMAPPED, "usb_linux_mmapped");
        name(IPV4, "ipv4");
        name(IPV6, "ipv6");
        name(IEEE802_15_4_NOFCS, "ieee802_15_4_nofcs");
        name(DBUS, "dbus");
        name(DVB_CI, "dvb_ci");
        name(NFLOG, "nflog");
        name(NETANALYZER, "netanalyzer");
        name(IPOIB, "ipoib");
        name(MPEG_2_TS, "mpeg_2_ts");
        name(NG40, "ng40");
        name(PFSYNC, "pfsync");
        name(USBPCAP, "usbpcap");
        name(BLUETOOTH_LE_LL, "bluetooth_le_ll");
        name(WIRESHARK_UPPER_PDU, "wireshark_upper_pdu");
        name(NETLINK, "netlink");
        name(BLUETOOTH_LINUX_MONITOR, "bluetooth_linux_monitor");
        name(BLUETOOTH_BREDR_BB, "bluetooth_bredr_bb");
        name(BLUETOOTH_LE_LL_WITH_PHDR, "bluetooth_le_ll_with_phdr");
        name(ZWAVE_R1_R2, "zwave_r1_r2");
        name(ISO_14443, "iso_14443");
        name(USB_DARWIN, "usb_darwin");
        name(SDLC, "sdlc");
        name(VSOCK, "vsock");
        name(NORDIC_BLE, "nordic_ble");
        name(LINUX_SLL2, "linux_sll2");
        name(EBHSCR, "ebhscr");
        name(DSA_TAG_BRCM, "dsa_tag_brcm");
        name(IEEE802_15_4_TAP, "ieee802_15_4_tap");
        name(ATSC_ALP, "atsc_alp");
        name(ETW, "etw");
    }

    /** The libpcap name in lower case, or {@code "dlt_N"} for a number without one. */
    public static String name(int dataLinkType) {
        String n = NAMES.get(dataLinkType);
        return n != null ? n : "dlt_" + dataLinkType;
    }

    /** The number for a name, any case, with or without a {@code dlt_} prefix. */
    public static OptionalInt valueOf(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        Integer v = VALUES.get(n);
        if (v == null && n.startsWith("dlt_")) {
            v = VALUES.get(n.substring(4));
            if (v == null) {
                try {
                    return OptionalInt.of(Integer.parseInt(n.substring(4)));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** The first and last DLT values that are their own LINKTYPE (libpcap's DLT_MATCHING_MIN/MAX). */
    private static final int MATCHING_MIN = 104;
    private static final int MATCHING_MAX = 289;

    /**
     * The {@code DLT_*} values whose {@code LINKTYPE_*} differs, as pairs {DLT, LINKTYPE}: ATM
     * RFC 1483, raw IP, BSD/OS SLIP and PPP, Linux ATM CLIP.
     */
    private static final int[][] DIFFERENT = {{11, 100}, {12, 101}, {15, 102}, {16, 103}, {19, 106}};

    /** The values below the matching range that a file stores unchanged. */
    private static boolean isOwnLinkType(int dlt) {
        return (dlt >= NULL && dlt <= FDDI) || dlt == PPP_SERIAL || dlt == PPP_ETHER || dlt == 99;
    }

    /**
     * The {@code LINKTYPE_*} number a capture file stores for a {@code DLT_*} number, or -1 when
     * there is none (libpcap then refuses to save the capture: "link-layer type N isn't supported
     * in savefiles").
     */
    public static int toLinkType(int dataLinkType) {
        if ((dataLinkType >= MATCHING_MIN && dataLinkType <= MATCHING_MAX) || isOwnLinkType(dataLinkType)) {
            return dataLinkType;
        }
        for (int[] pair : DIFFERENT) {
            if (pair[0] == dataLinkType) {
                return pair[1];
            }
        }
        return -1;
    }

    /**
     * The {@code DLT_*} number for a {@code LINKTYPE_*} number read from a capture file; a number
     * libpcap does not know is passed through unchanged, as libpcap does.
     */
    public static int fromLinkType(int linkType) {
        for (int[] pair : DIFFERENT) {
            if (pair[1] == linkType) {
                return pair[0];
            }
        }
        return linkType;
    }

    /** True when {@link Pkt} decodes this datalink type. */
    public static boolean isSupported(int dataLinkType) {
        switch (dataLinkType) {
            case NULL, EN10MB, RAW, RAW_OPENBSD, LINKTYPE_RAW, LOOP, LINUX_SLL, LINUX_SLL2, IPV4, IPV6:
                return true;
            default:
                return false;
        }
    }
}
