package org.epcap.pkt.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole capture with {@link PcapReader}, keeping the records and how reading ended. */
record Records(List<PcapRecord> records, PcapFormatException error) {

    static Records read(Path file) {
        List<PcapRecord> out = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file)) {
            PcapRecord rec;
            while ((rec = r.next()) != null) {
                out.add(rec);
            }
            return new Records(out, null);
        } catch (PcapFormatException e) {
            return new Records(out, e);
        } catch (IOException e) {
            throw new AssertionError("plain I/O error reading " + file, e);
        }
    }

    /** A timestamp as seconds and nine digits of nanoseconds, as tshark and tcpdump print it. */
    static String time(PcapRecord r) {
        return r.epochSecond() + "." + String.format("%09d", r.nanos());
    }

    /**
     * The nanoseconds since the epoch that an oracle's "seconds.nanoseconds" text means. The
     * oracles print the nanosecond field as an integer even when it is 10^9 or more (a fraction
     * field out of range in the file), so the digits after the point are an integer count of
     * nanoseconds, not a decimal fraction.
     */
    static java.math.BigInteger oracleNanos(String text) {
        int dot = text.indexOf('.');
        java.math.BigInteger sec = new java.math.BigInteger(text.substring(0, dot));
        java.math.BigInteger ns = new java.math.BigInteger(text.substring(dot + 1));
        return sec.multiply(java.math.BigInteger.valueOf(1_000_000_000L)).add(ns);
    }

    static java.math.BigInteger nanos(PcapRecord r) {
        return java.math.BigInteger.valueOf(r.epochSecond()).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                .add(java.math.BigInteger.valueOf(r.nanos()));
    }
}
