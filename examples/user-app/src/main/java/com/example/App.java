package com.example;

import java.nio.file.Path;
import java.time.Duration;
import org.epcap.Epcap;
import org.epcap.EpcapException;
import org.epcap.Options;

/**
 * What a new user writes first: count packets from a file, or from an interface. Prints
 * {@code PACKETS n PROGRAM SOURCE}, or {@code ERROR ExceptionClass message}.
 *
 * <pre>
 * java -cp ... com.example.App file PATH
 * java -cp ... com.example.App live INTERFACE COUNT
 * </pre>
 */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        Options.Builder b = Options.builder();
        int want = Integer.MAX_VALUE;
        if (args[0].equals("file")) {
            b.file(Path.of(args[1]));
        } else {
            b.interfaceName(args[1]).filter("udp");
            want = Integer.parseInt(args[2]);
        }
        try (Epcap cap = Epcap.start(b.build())) {
            System.out.println("READY");
            System.out.flush();
            int n = 0;
            if (want == Integer.MAX_VALUE) {
                while (cap.next() != null) n++;
            } else {
                while (n < want && cap.poll(Duration.ofSeconds(10)) != null) n++;
            }
            System.out.println("PACKETS " + n + " " + cap.info().portProgram().path() + " "
                    + cap.info().portProgram().source());
        } catch (org.epcap.CaptureEndedException e) {
            System.out.println("ENDED " + e.getMessage());
        } catch (EpcapException e) {
            System.out.println("ERROR " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
