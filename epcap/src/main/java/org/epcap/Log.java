package org.epcap;

/**
 * The library's one logger, {@code org.epcap}, through {@link System.Logger}: no dependency,
 * and whatever backend the application installs (java.util.logging by default, or SLF4J's and
 * Log4j's System.Logger bridges). What it says, by level:
 * <ul>
 *   <li>DEBUG: a port started (its command and pid) and ended normally; the port's stderr
 *       lines (INFO for a verbose capture);</li>
 *   <li>INFO: a fallback — packets through the pipe because the ring could not be made or the
 *       port could not open it;</li>
 *   <li>WARNING: a running capture that ended abnormally (the port died, a fatal error); a
 *       start that fails is {@code start}'s exception, and logged at DEBUG only.</li>
 * </ul>
 *
 * <pre>{@code
 * // java.util.logging: see the port's start, end and stderr
 * java.util.logging.Logger.getLogger("org.epcap").setLevel(java.util.logging.Level.FINE);
 * }</pre>
 *
 * <p>Threads: any.
 */
final class Log {
    static final System.Logger LOGGER = System.getLogger("org.epcap");

    private Log() {
    }
}
