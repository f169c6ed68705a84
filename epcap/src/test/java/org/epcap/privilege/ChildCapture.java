package org.epcap.privilege;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.epcap.Epcap;
import org.epcap.EpcapException;
import org.epcap.ExecPolicy;
import org.epcap.Options;

/**
 * The child JVM of {@link NonRootJvmTest}, run as an unprivileged user: starts a live capture
 * with the library's default exec prefix (or none, with {@code noprefix}) and reports on
 * stdout, one line each: {@code PREFIX ...}, {@code READY}, then {@code CAPTURED n}, or
 * {@code ERROR <exception class> <message>}. With {@code asroot}, the default prefix and
 * {@code user("root")}, which the port refuses to a caller other than root.
 *
 * <pre>
 * java -cp DIR org.epcap.privilege.ChildCapture PORT_PROGRAM INTERFACE UDP_PORT COUNT default|noprefix|asroot
 * </pre>
 */
public final class ChildCapture {
    private ChildCapture() {
    }

    public static void main(String[] args) {
        Path port = Path.of(args[0]);
        Options.Builder b = Options.builder().progname(port).interfaceName(args[1]).filter("udp port " + args[2]);
        if (args[4].equals("noprefix")) b.exec("");
        if (args[4].equals("asroot")) b.user("root");
        Options o = b.build();
        List<String> argv = ExecPolicy.command(o);
        List<String> prefix = argv.subList(0, argv.indexOf(port.toString()));
        System.out.println("PREFIX " + (prefix.isEmpty() ? "none" : String.join(" ", prefix)));
        int want = Integer.parseInt(args[3]);
        try (Epcap cap = Epcap.start(o)) {
            System.out.println("READY " + cap.info().restrictMode() + (cap.info().sharedMemory() ? " ring" : " pipe"));
            System.out.flush();
            int n = 0;
            while (n < want && cap.poll(Duration.ofSeconds(10)) != null) n++;
            System.out.println("CAPTURED " + n);
        } catch (EpcapException e) {
            System.out.println("ERROR " + e.getClass().getSimpleName() + " " + e.getMessage().replace('\n', ' '));
        }
        System.out.flush();
    }
}
