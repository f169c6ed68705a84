package org.epcap;

import java.util.List;
import java.util.Optional;

/**
 * The link-layer types and time-stamp types a device offers, as libpcap lists them
 * ({@code pcap_list_datalinks}, {@code pcap_list_tstamp_types}): what {@code tcpdump -L} and
 * {@code tcpdump -J} print; from {@link Epcap#interfaceTypes(Options)}.
 *
 * <pre>{@code
 * InterfaceTypes t = Epcap.interfaceTypes(Options.builder().interfaceName("any").build());
 * for (InterfaceTypes.LinkType l : t.linkTypes()) System.out.println(l.name() + " (" + l.description() + ")");
 * // LINUX_SLL (Linux cooked v1)
 * // LINUX_SLL2 (Linux cooked v2)
 * Options sll2 = Options.builder().interfaceName("any").linkType("LINUX_SLL2").build();
 * }</pre>
 *
 * <p>Threads: immutable; safe to share between threads.
 *
 * @param interfaceName  the device listed (the default device when none was named)
 * @param currentLinkType the link type ({@code DLT_*}) the device opens with when none is asked for
 * @param monitorCapable true when libpcap says the device can do monitor mode
 *                       ({@code pcap_can_set_rfmon}); its types may then differ in monitor mode
 * @param monitorMode    true when the types were listed in monitor mode
 *                       ({@link Options.Builder#monitor(boolean)})
 * @param linkTypes      the link-layer types, in libpcap's order; each one's name is a value
 *                       for {@link Options.Builder#linkType(String)}
 * @param timestampTypes the time-stamp types, in libpcap's order; empty when the device has only
 *                       its default, which cannot be set; each one's name is a value for
 *                       {@link Options.Builder#timestampType(String)}
 */
public record InterfaceTypes(String interfaceName, int currentLinkType, boolean monitorCapable, boolean monitorMode,
                             List<LinkType> linkTypes, List<TimestampType> timestampTypes) {
    public InterfaceTypes {
        linkTypes = List.copyOf(linkTypes);
        timestampTypes = List.copyOf(timestampTypes);
    }

    /** The entry of {@link #linkTypes()} the device opens with, if it lists it. */
    public Optional<LinkType> currentLinkTypeEntry() {
        return linkTypes.stream().filter(l -> l.value() == currentLinkType).findFirst();
    }

    /**
     * A link-layer type: libpcap's {@code DLT_*} value, its name without {@code DLT_}
     * ({@code pcap_datalink_val_to_name}, e.g. {@code EN10MB}) and its description
     * ({@code Ethernet}); name and description are empty when libpcap has none.
     */
    public record LinkType(int value, String name, String description) {
    }

    /**
     * A time-stamp type: libpcap's {@code PCAP_TSTAMP_*} value, its name
     * ({@code pcap_tstamp_type_val_to_name}, e.g. {@code host} or {@code adapter_unsynced})
     * and its description ({@code Host}); empty when libpcap has none.
     */
    public record TimestampType(int value, String name, String description) {
    }
}
