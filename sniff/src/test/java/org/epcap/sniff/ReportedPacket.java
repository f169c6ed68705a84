package org.epcap.sniff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One packet's report read back from sniff's output (text or JSON) into plain strings, so the
 * tests can hold both against tshark the same way. Lists read as {@code [a,b]}.
 */
record ReportedPacket(Map<String, String> pcap, List<Section> headers, String decodeError) {

    record Section(String layer, Map<String, String> fields) {
    }

    /** The first header of {@code layer}, or null. */
    Section first(String layer) {
        for (Section s : headers) {
            if (s.layer.equals(layer)) {
                return s;
            }
        }
        return null;
    }

    /** The last header that is one of {@code layers}, or null. */
    Section last(String... layers) {
        Section found = null;
        for (Section s : headers) {
            for (String l : layers) {
                if (s.layer.equals(l)) {
                    found = s;
                }
            }
        }
        return found;
    }

    /** Reads the text reports: blocks of lines separated by an empty line. */
    static List<ReportedPacket> fromText(String text) {
        List<ReportedPacket> packets = new ArrayList<>();
        Map<String, String> pcap = null;
        List<Section> headers = null;
        String error = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("pcap: ")) {
                pcap = pairs(line.substring(6));
                headers = new ArrayList<>();
                error = null;
            } else if (line.isEmpty()) {
                if (pcap != null) {
                    packets.add(new ReportedPacket(pcap, headers, error));
                    pcap = null;
                }
            } else if (pcap == null || line.startsWith(" ")) {
                continue; // hex dump rows, stray text
            } else if (line.startsWith("decode_error: ")) {
                error = line.substring(14);
            } else if (!line.startsWith("payload") && !line.startsWith("packet")) {
                int colon = line.indexOf(": ");
                if (colon < 0) {
                    String layer = line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
                    headers.add(new Section(layer, Map.of()));
                } else {
                    headers.add(new Section(line.substring(0, colon), pairs(line.substring(colon + 2))));
                }
            }
        }
        return packets;
    }

    // "k v, k v, flags [ack,psh]": a value runs to the next ", " outside brackets and quotes.
    private static Map<String, String> pairs(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            int sp = s.indexOf(' ', i);
            if (sp < 0) {
                m.put(s.substring(i), "");
                break;
            }
            String key = s.substring(i, sp);
            int j = sp + 1;
            int depth = 0;
            boolean quoted = false;
            while (j < s.length()) {
                char c = s.charAt(j);
                if (c == '"') quoted = !quoted;
                else if (!quoted && c == '[') depth++;
                else if (!quoted && c == ']') depth--;
                else if (!quoted && depth == 0 && c == ',' && j + 1 < s.length() && s.charAt(j + 1) == ' ') break;
                j++;
            }
            m.put(key, s.substring(sp + 1, j));
            i = j + 2;
        }
        return m;
    }

    /** Reads JSON lines, one object per packet. */
    @SuppressWarnings("unchecked")
    static List<ReportedPacket> fromJson(String text) {
        List<ReportedPacket> packets = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> o = MiniJson.object(line);
            Map<String, String> pcap = strings((Map<String, Object>) o.get("pcap"));
            List<Section> headers = new ArrayList<>();
            for (Object h : (List<Object>) o.get("headers")) {
                Map<String, Object> hm = new LinkedHashMap<>((Map<String, Object>) h);
                String layer = (String) hm.remove("layer");
                headers.add(new Section(layer, strings(hm)));
            }
            Object err = o.get("decode_error");
            packets.add(new ReportedPacket(pcap, headers, err == null ? null : err.toString()));
        }
        return packets;
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, text(v)));
        return out;
    }

    private static String text(Object v) {
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(text(o));
            return "[" + String.join(",", parts) + "]";
        }
        return String.valueOf(v);
    }
}
