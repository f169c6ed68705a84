package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.epcap.testing.Tools;

/**
 * tcpdump, tshark and jq as oracles. A missing tool fails the test with the command that
 * installs it: CI installs them all (bin/install-deps), so a skip would only hide a gap.
 */
final class Oracle {
    private Oracle() {
    }

    static String tool(String name) {
        var p = Tools.find(name);
        assertNotNull(p, name + " is missing: run bin/install-deps (as root)");
        return p.toString();
    }

    /** tcpdump's stdout for {@code args}, which must succeed. */
    static String tcpdump(String... args) {
        List<String> cmd = new ArrayList<>(List.of(tool("tcpdump")));
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(Duration.ofSeconds(60), cmd);
        assertEquals(0, r.status(), () -> cmd + ": " + r.err());
        return r.out();
    }
}
