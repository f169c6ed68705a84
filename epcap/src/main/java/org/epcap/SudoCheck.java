package org.epcap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells why a port started through {@code sudo -n} died before READY without an ERROR frame:
 * sudo itself refused (no rule for the port program), which is a permission error, not a crash.
 * It asks sudo ({@code sudo -n -l PROGRAM}) instead of reading sudo's stderr, which the library
 * never parses.
 */
final class SudoCheck {
    private SudoCheck() {
    }

    /** True when {@code prefix} runs sudo and sudo will not run {@code program} without a password. */
    static boolean refuses(List<String> prefix, Path program) {
        if (prefix.isEmpty() || !Path.of(prefix.get(0)).getFileName().toString().equals("sudo")) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(prefix.get(0), "-n", "-l", program.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() != 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
