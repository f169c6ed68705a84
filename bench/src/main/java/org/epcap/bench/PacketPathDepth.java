package org.epcap.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.epcap.Epcap;
import org.epcap.Options;

/**
 * The packet path's call count, measured rather than counted by eye: starts a push and a raw
 * capture of FILE through the pipe and through the ring and, at packet 1000, takes the stack
 * of the handler's caller. Prints, per path, the number of library frames between the reader
 * thread's start and the handler, and those frames.
 *
 * <p>Usage: {@code PacketPathDepth FILE} (a pcap of at least 1000 packets). Run it against two
 * builds of the library to compare them (docs/architecture.md gives the figures).
 */
public final class PacketPathDepth {
    private PacketPathDepth() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: PacketPathDepth FILE");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        for (boolean ring : new boolean[] {false, true}) {
            Options options = Options.builder().file(file).sharedMemory(ring).build();
            String transport = ring ? "ring" : "pipe";
            List<StackTraceElement[]> push = new ArrayList<>();
            long[] n = {0};
            try (Epcap cap = Epcap.start(options, p -> {
                if (++n[0] == 1000) push.add(new Throwable().getStackTrace());
            })) {
                cap.awaitEnd(Duration.ofSeconds(60));
                print("push " + transport + (cap.info().sharedMemory() == ring ? "" : " (fell back)"), push);
            }
            List<StackTraceElement[]> raw = new ArrayList<>();
            long[] m = {0};
            try (Epcap cap = Epcap.start(options, (dlt, buf, off, caplen, sec, nsec, len) -> {
                if (++m[0] == 1000) raw.add(new Throwable().getStackTrace());
            })) {
                cap.awaitEnd(Duration.ofSeconds(60));
                print("raw  " + transport, raw);
            }
        }
    }

    /** The frames below the handler (index 0 is the handler itself), up to Thread.run. */
    private static void print(String path, List<StackTraceElement[]> stacks) {
        if (stacks.isEmpty()) {
            System.out.println(path + ": fewer than 1000 packets");
            return;
        }
        List<String> calls = new ArrayList<>();
        for (StackTraceElement e : stacks.get(0)) {
            if (e.getClassName().startsWith("org.epcap.bench")) continue; // the handler
            if (e.getClassName().equals("java.lang.Thread")) break;
            calls.add(e.getClassName().replace("org.epcap.", "") + "." + e.getMethodName());
        }
        System.out.println(path + ": " + calls.size() + " calls: " + String.join(" < ", calls));
    }
}
