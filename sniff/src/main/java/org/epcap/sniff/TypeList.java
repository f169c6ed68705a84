package org.epcap.sniff;

import java.io.PrintStream;
import org.epcap.Epcap;
import org.epcap.InterfaceTypes;
import org.epcap.Options;
import org.epcap.pkt.DataLinkType;

/**
 * {@code sniff -L} and {@code sniff -J}: an interface's link-layer and time-stamp types, in
 * tcpdump's words ({@code show_dlts_and_exit}, {@code show_tstamp_types_and_exit} of tcpdump
 * 4.99). tcpdump 4.99 writes them to stderr; sniff writes them to stdout, as it does the
 * interface list, so that they can be piped. "(printing not supported)" marks a link type
 * that sniff's decoder does not read ({@link DataLinkType#isSupported}), as tcpdump marks one
 * it has no printer for.
 */
final class TypeList {
    private TypeList() {
    }

    /** {@code -L}: exit status 0. */
    static void printLinkTypes(Options options, PrintStream out) {
        InterfaceTypes t = Epcap.interfaceTypes(options);
        out.print(linkTypes(t));
        out.flush();
    }

    /**
     * {@code -J}: exit status 0. A device with no settable type gets tcpdump's line "Time stamp
     * type cannot be set for IF" on {@code err}.
     */
    static void printTimestampTypes(Options options, PrintStream out, PrintStream err) {
        InterfaceTypes t = Epcap.interfaceTypes(options);
        if (t.timestampTypes().isEmpty()) {
            err.println("Time stamp type cannot be set for " + t.interfaceName());
            return;
        }
        out.print(timestampTypes(t));
        out.flush();
    }

    static String linkTypes(InterfaceTypes t) {
        StringBuilder b = new StringBuilder("Data link types for ").append(t.interfaceName());
        if (t.monitorCapable()) b.append(t.monitorMode() ? " when in monitor mode" : " when not in monitor mode");
        b.append(" (use option -y to set):\n");
        for (InterfaceTypes.LinkType l : t.linkTypes()) {
            if (l.name().isEmpty()) {
                b.append("  DLT ").append(l.value()).append(" (printing not supported)\n");
                continue;
            }
            b.append("  ").append(l.name()).append(" (")
                    .append(l.description().isEmpty() ? "DLT " + l.value() : l.description()).append(')');
            if (!DataLinkType.isSupported(l.value())) b.append(" (printing not supported)");
            b.append('\n');
        }
        return b.toString();
    }

    static String timestampTypes(InterfaceTypes t) {
        StringBuilder b = new StringBuilder("Time stamp types for ").append(t.interfaceName())
                .append(" (use option -j to set):\n");
        for (InterfaceTypes.TimestampType s : t.timestampTypes()) {
            if (s.name().isEmpty()) b.append("  ").append(s.value()).append('\n');
            else b.append("  ").append(s.name()).append(" (").append(s.description()).append(")\n");
        }
        return b.toString();
    }
}
