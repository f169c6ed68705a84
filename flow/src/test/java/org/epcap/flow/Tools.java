package org.epcap.flow;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The oracle programs the flow tests run; a missing one fails the test (CI installs them). */
public final class Tools {
    private Tools() {
    }

    /** The path of {@code name}, or a failed test saying how to install it. */
    public static String require(String name) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail(name + " is not installed: bin/install-deps installs it (the flow tests use it as an oracle)");
    }
}
