package org.epcap.pkt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures written by the gopacket anchor's generators ({@code ../shared/anchors/gopacket/gen}:
 * gen_dns.py, gen_tls.py, gen_reasm.py; Python's standard library only, deterministic for a
 * seed), beside the corpus: traffic the benchmarks measure, in the volume the corpus lacks.
 */
public final class AnchorTraffic {
    private AnchorTraffic() {
    }

    /** Runs {@code script} with {@code args} to write {@code out}; fails the test when it cannot. */
    public static Path generate(String script, Path out, String... args) throws IOException, InterruptedException {
        Path generator = Corpus.root().getParent().resolve("anchors/gopacket/gen").resolve(script);
        assertTrue(Files.isRegularFile(generator), "no " + generator);
        List<String> command = new ArrayList<>(List.of("python3", generator.toString()));
        command.addAll(List.of(args));
        command.add(out.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor(), script + " failed");
        return out;
    }
}
