package org.epcap.testing;

import java.nio.file.Path;
import org.epcap.Epcap;
import org.epcap.Options;

/**
 * A child JVM for lifecycle tests: starts a live capture on {@code lo}, prints
 * {@code PORT <pid>}, then waits to be killed.
 *
 * <pre>java -cp CLASSPATH org.epcap.testing.CaptureHolder PORT_PROGRAM</pre>
 */
public final class CaptureHolder {
    private CaptureHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options o = Options.builder().progname(Path.of(args[0])).exec("").interfaceName("lo").filter("udp port 9")
                .build();
        Epcap cap = Epcap.start(o);
        System.out.println("PORT " + cap.pid());
        System.out.flush();
        Thread.sleep(60_000);
        cap.close();
    }
}
