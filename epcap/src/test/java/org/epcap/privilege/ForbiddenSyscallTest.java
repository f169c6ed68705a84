package org.epcap.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.PortDiedException;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A forbidden system call after READY (the test build's {@code -Z}) kills the port with
 * SIGSYS, and the library reports the port's death with that signal: as the end event when
 * unlinked, as a {@link PortDiedException} when linked.
 */
class ForbiddenSyscallTest {
    private static final int SIGSYS = 31;

    @ParameterizedTest
    @ValueSource(strings = {"open", "exec"})
    void forbiddenCallKillsThePort(String call, @TempDir Path dir) throws IOException {
        Tools.assumeRoot();
        Path port = wrapper(dir, PortBuilds.debugPort(), call);
        Options o = Options.builder().progname(port).interfaceName("lo").filter("udp port 9").build();
        try (Epcap cap = Epcap.start(o)) {
            assumeTrue(cap.info().restrictMode().equals("seccomp"), "the port is built without seccomp");
            CaptureEnd end = cap.awaitEnd(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("still alive"));
            assertEquals(CaptureEnd.Reason.PORT_DIED, end.reason(), end.toString());
            assertEquals(SIGSYS, end.signal().orElse(0), end.toString());
        }
        try (Epcap cap = Epcap.startLink(o)) {
            PortDiedException e = assertThrows(PortDiedException.class, () -> cap.awaitEnd(Duration.ofSeconds(10)));
            assertEquals(SIGSYS, e.signal().orElse(0), e.getMessage());
        }
    }

    /** The debug port with {@code -Z call} in front of the library's switches. */
    private static Path wrapper(Path dir, Path debugPort, String call) throws IOException {
        Path w = dir.resolve("epcap-forbidden-" + call);
        Files.writeString(w, "#!/bin/sh\nexec '" + debugPort + "' -Z " + call + " \"$@\"\n");
        Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwxr-xr-x"));
        return w;
    }
}
