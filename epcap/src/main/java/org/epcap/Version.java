package org.epcap;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * This library's release, as Maven wrote it into {@code version.properties} at build time; the
 * port program says its own in READY, and the two must agree.
 *
 * <p>Threads: a constant, read once; any thread.
 */
final class Version {
    /** The library's release, e.g. {@code 0.1.0}; "unknown" when the resource is missing. */
    static final String LIBRARY = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
