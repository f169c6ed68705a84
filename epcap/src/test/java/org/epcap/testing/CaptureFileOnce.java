package org.epcap.testing;

import java.nio.file.Path;
import org.epcap.Epcap;
import org.epcap.Options;

/**
 * A child JVM's capture, for tests that look at what a JDK prints: reads FILE through PORT once
 * with the ring and once through the pipe, and prints {@code PACKETS n} per capture.
 *
 * <pre>java -cp CLASSPATH org.epcap.testing.CaptureFileOnce PORT FILE</pre>
 */
public final class CaptureFileOnce {
    private CaptureFileOnce() {
    }

    public static void main(String[] args) {
        for (boolean ring : new boolean[] {true, false}) {
            Options o = Options.builder().progname(Path.of(args[0])).file(Path.of(args[1])).sharedMemory(ring).build();
            try (Epcap cap = Epcap.start(o)) {
                int n = 0;
                while (cap.next() != null) n++;
                System.out.println("PACKETS " + n + (cap.info().sharedMemory() ? " ring" : " pipe"));
            }
        }
    }
}
