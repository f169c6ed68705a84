package org.epcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.epcap.testing.Leaks;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every typed error, provoked for real. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ErrorsTest {
    private Path prog;
    private Path file;

    @BeforeEach
    void setUp() {
        prog = Tools.assumePortProgram();
        file = Tools.assumeCorpus().resolve("tcpdump/02-sunrise-sunset-esp.pcap");
    }

    private Options.Builder fileOptions() {
        return Options.builder().progname(prog).file(file);
    }

    private Options.Builder loOptions() {
        Tools.assumeRoot();
        return Options.builder().progname(prog).exec("").interfaceName("lo").filter("udp port 9");
    }

    private static Path script(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void noSuchDevice() {
        NoSuchDeviceException e = assertThrows(NoSuchDeviceException.class,
                () -> Epcap.start(loOptions().interfaceName("nosuch" + ProcessHandle.current().pid()).build()));
        assertEquals(ErrorCode.NO_SUCH_DEVICE, e.code().orElseThrow());
        assertTrue(e.portMessage().contains("nosuch"), e.portMessage());
    }

    @Test
    void permissionDeniedForAnUnprivilegedPort() {
        Path setpriv = Tools.assumeTool("setpriv");
        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> Epcap.start(loOptions()
                .exec(setpriv + " --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all").build()));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code().orElseThrow());
    }

    @Test
    void badFilterAtStartAndLive() {
        BadFilterException e = assertThrows(BadFilterException.class,
                () -> Epcap.start(fileOptions().filter("tcp and and").build()));
        assertEquals(ErrorCode.BAD_FILTER, e.code().orElseThrow());
        try (Epcap cap = Epcap.start(loOptions().build())) {
            assertThrows(BadFilterException.class, () -> cap.setFilter("udp port 99999999"));
            assertTrue(cap.stats().available(), "the capture goes on with its old filter");
            assertTrue(cap.end().isEmpty());
        }
    }

    @Test
    void fileErrors(@TempDir Path dir) {
        assertThrows(FileException.class, () -> Epcap.start(fileOptions().file(dir.resolve("missing.pcap")).build()));
    }

    @Test
    void badOptionFromBuilderAndFromThePort() {
        assertThrows(BadOptionException.class, () -> Options.builder().snaplen(-1).build());
        BadOptionException e = assertThrows(BadOptionException.class,
                () -> Epcap.start(fileOptions().cpuAffinity("99999").build()));
        assertEquals(ErrorCode.BAD_OPTION, e.code().orElseThrow());
    }

    @Test
    void portNotFoundBeforeSpawning(@TempDir Path dir) throws IOException {
        Leaks before = Leaks.now();
        assertThrows(PortNotFoundException.class,
                () -> Epcap.start(fileOptions().progname(dir.resolve("no-such-epcap")).build()));
        Path notExecutable = Files.writeString(dir.resolve("epcap"), "#!/bin/sh\n");
        assertThrows(PortNotFoundException.class, () -> Epcap.start(fileOptions().progname(notExecutable).build()));
        assertThrows(PortNotFoundException.class,
                () -> Epcap.start(fileOptions().exec("no-such-command-" + ProcessHandle.current().pid()).build()));
        assertEquals(Set.of(), Leaks.now().since(before).children(), "no port was spawned");
    }

    @Test
    void portDiedBeforeReady(@TempDir Path dir) throws IOException {
        Path dies = script(dir, "dies", "echo 'wrapper: giving up' >&2; exit 7");
        PortDiedException e = assertThrows(PortDiedException.class,
                () -> Epcap.start(fileOptions().exec(dies.toString()).build()));
        assertEquals(7, e.exitStatus().orElseThrow());
        assertTrue(e.stderrTail().contains("giving up"), e.getMessage());
    }

    @Test
    void silentPortIsKilledAfterTheReadyTimeout(@TempDir Path dir) throws IOException {
        Path sleeps = script(dir, "sleeps", "exec sleep 30");
        Leaks before = Leaks.now();
        assertThrows(PortTimeoutException.class, () -> Epcap.start(fileOptions().exec(sleeps.toString())
                .readyTimeout(Duration.ofMillis(500)).build()));
        Leaks left = Leaks.now().since(before);
        assertTrue(left.isEmpty(), "the silent port was killed and reaped, its pipes closed: " + left);
    }

    @Test
    void garbageOnTheWireIsAProtocolError(@TempDir Path dir) throws IOException {
        Path garbage = script(dir, "garbage", "printf '\\377\\377\\377\\377garbage'; exec sleep 30");
        assertThrows(ProtocolException.class, () -> Epcap.start(fileOptions().exec(garbage.toString()).build()));
    }

    @Test
    void monitorModeOnLoopbackIsACaptureError() {
        CaptureException e = assertThrows(CaptureException.class, () -> Epcap.start(loOptions().monitor(true).build()));
        assertEquals(ErrorCode.RFMON_NOT_SUPPORTED, e.code().orElseThrow());
    }

    @Test
    void unknownUserIsAPrivilegeDropError() {
        Tools.assumeRoot();
        PrivilegeDropException e = assertThrows(PrivilegeDropException.class,
                () -> Epcap.start(fileOptions().user("no_such_user_" + ProcessHandle.current().pid()).build()));
        assertEquals(ErrorCode.PRIVDROP, e.code().orElseThrow());
    }

    @Test
    void interfaceDownAtStartAndGoneDuringTheCapture() throws Exception {
        try (Netns net = Netns.create()) {
            Options.Builder b = Options.builder().progname(prog).exec(net.execIn(net.b())).interfaceName(net.vethB());
            net.runIn(net.b(), "ip", "link", "set", net.vethB(), "down");
            CaptureException down = assertThrows(CaptureException.class, () -> Epcap.start(b.build()));
            assertEquals(ErrorCode.IFACE_NOT_UP, down.code().orElseThrow());
            net.runIn(net.b(), "ip", "link", "set", net.vethB(), "up");

            try (Epcap cap = Epcap.startLink(b.build())) {
                net.runIn(net.a(), "ip", "link", "del", net.vethA());
                EpcapException e = assertThrows(EpcapException.class, () -> {
                    while (cap.poll(Duration.ofSeconds(10)) != null) {
                        // drain until the end is raised
                    }
                });
                CaptureEnd end = cap.end().orElseThrow(() -> new AssertionError("ended", e));
                assertTrue(!end.isNormal(), end.toString());
                assertEquals(e, end.cause().orElseThrow());
                // The port says why (READ_ERROR) and exits by itself: no sandbox kill, no signal.
                assertTrue(e instanceof CaptureException, e.toString());
                assertEquals(ErrorCode.READ_ERROR, e.code().orElseThrow(), e.toString());
                assertTrue(end.signal().isEmpty(), end.toString());
            }
        }
    }

    @Test
    void requestsAfterTheEndSayItEnded() {
        try (Epcap cap = Epcap.start(fileOptions().build())) {
            while (cap.next() != null) {
                // read to the end
            }
            assertEquals(CaptureEnd.Reason.END_OF_FILE, cap.end().orElseThrow().reason());
            assertThrows(CaptureEndedException.class, cap::stats);
        }
    }
}
