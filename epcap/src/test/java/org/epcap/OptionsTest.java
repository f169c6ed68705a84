package org.epcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final Path PROG = Path.of("/opt/epcap/bin/epcap");

    /**
     * Our case of the Erlang epcap's getopts test (test/epcap_SUITE.erl): the same options give
     * the same switches. Differences, by design: one fixed switch order; a repeated option keeps
     * its last value (the seed emits -v and -vvv, and -t three times); cluster_id is our -c 0
     * (the seed: -e PCAP_PF_RING_CLUSTER_ID=0); time_unit microsecond is -T 1 as in the seed.
     */
    @Test
    void argvMatchesTheSeedsGetoptsCase() {
        Options o = Options.builder()
                .buffer(1024)
                .chroot(Path.of("/tmp/"))
                .clusterId(0)
                .group("nobody")
                .interfaceName("eth0")
                .monitor(true)
                .promiscuous(true)
                .snaplen(256)
                .timeUnit(TimestampUnit.MICROSECOND)
                .user("nobody")
                .verbose(3)
                .inject(true)
                .direction(Direction.INOUT)
                .filter("tcp and port 80")
                .timeout(Duration.ofMillis(1))
                .timeout(Timeout.INFINITY)
                .timeout(Timeout.IMMEDIATE)
                .exec("sudo -n")
                .env("FOO", "bar")
                .progname(PROG)
                .build();
        assertEquals(List.of("sudo", "-n", PROG.toString(),
                "-b", "1024", "-d", "/tmp", "-c", "0", "-g", "nobody", "-i", "eth0", "-M", "-P",
                "-s", "256", "-T", "1", "-u", "nobody", "-vvv", "-X", "-Q", "inout", "-t", "0",
                "-e", "FOO=bar", "tcp and port 80"), o.argv());
    }

    /**
     * The seed's second case: a file. The seed drops even an explicit exec prefix for files;
     * we drop only the default one (an explicit prefix such as strace is kept).
     */
    @Test
    void fileCaptureHasNoDefaultExecPrefix() {
        Options o = Options.builder().file(Path.of("/tmp/foo")).progname(PROG).build();
        assertEquals(List.of(PROG.toString(), "-f", "/tmp/foo", "-Q", "inout", "-t", "0"), o.argv());
        Options traced = o.toBuilder().exec("strace -f -o t").build();
        assertEquals(List.of("strace", "-f", "-o", "t", PROG.toString()), traced.argv().subList(0, 5));
    }

    @Test
    void liveCaptureGetsSudoUnlessRoot() {
        Options o = Options.builder().interfaceName("eth0").progname(PROG).build();
        List<String> expected = ExecPolicy.isRoot() ? List.of(PROG.toString()) : List.of("sudo", "-n", PROG.toString());
        assertEquals(expected, ExecPolicy.command(o).subList(0, expected.size()));
        // argv() runs nothing and names no prefix that was not given.
        assertEquals(PROG.toString(), o.argv().get(0));
        assertEquals(List.of(PROG.toString()), Options.builder().exec("").progname(PROG).build().argv().subList(0, 1));
    }

    @Test
    void timeoutsAndNanosecondsBecomeSwitches() {
        Options o = Options.builder().exec("").progname(PROG).timeout(Duration.ofMillis(500))
                .timeUnit(TimestampUnit.NANOSECOND).cpuAffinity("1,3,5-7").direction(Direction.OUT).build();
        assertEquals(List.of(PROG.toString(), "-a", "1,3,5-7", "-n", "-Q", "out", "-t", "500"), o.argv());
        assertEquals(List.of("-Q", "inout", "-t", "-1"),
                Options.builder().timeout(Timeout.INFINITY).build().switches());
    }

    @Test
    void progNameComesFromTheSystemPropertyWhenNotGiven() {
        String old = System.getProperty(PortProgram.PROPERTY);
        try {
            System.setProperty(PortProgram.PROPERTY, "/somewhere/epcap");
            assertEquals("/somewhere/epcap", Options.builder().exec("").build().argv().get(0));
        } finally {
            if (old == null) System.clearProperty(PortProgram.PROPERTY);
            else System.setProperty(PortProgram.PROPERTY, old);
        }
    }

    @Test
    void badValuesNameTheOptionAndTheReason() {
        assertBad("snaplen", Options.builder().snaplen(0));
        assertBad("snaplen", Options.builder().snaplen(262145));
        assertBad("buffer", Options.builder().buffer(-1));
        assertBad("timeout", Options.builder().timeout(Duration.ZERO));
        assertBad("timeout", Options.builder().timeout(Duration.ofNanos(1500)));
        assertBad("timeout", Options.builder().timeout(Duration.ofMillis(-5)));
        assertBad("clusterId", Options.builder().clusterId(256));
        assertBad("clusterId", Options.builder().clusterId(-1));
        assertBad("cpuAffinity", Options.builder().cpuAffinity("1,,3"));
        assertBad("cpuAffinity", Options.builder().cpuAffinity("a"));
        assertBad("verbose", Options.builder().verbose(-1));
        assertBad("interfaceName", Options.builder().interfaceName(""));
        assertBad("filter", Options.builder().filter("tcp\0"));
        List<String> dashed = Options.builder().progname(Path.of("/x/epcap")).exec("").filter("-u root").build().argv();
        assertEquals(List.of("--", "-u root"), dashed.subList(dashed.size() - 2, dashed.size()),
                "a filter that looks like a switch follows --");
        assertBad("env", Options.builder().env("1X", "y"));
        assertBad("env", Options.builder().env("A=B", "y"));
        assertBad("file", Options.builder().file(Path.of("/x")).interfaceName("eth0"));
        assertBad("inject", Options.builder().file(Path.of("/x")).inject(true));
        assertBad("direction", Options.builder().direction(null));
        assertBad("queueBytes", Options.builder().queueBytes(10));
    }

    private static void assertBad(String option, Options.Builder b) {
        BadOptionException e = assertThrows(BadOptionException.class, b::build);
        assertTrue(e.getMessage().startsWith(option + ": "), e.getMessage());
        assertTrue(e.getMessage().length() > option.length() + 10, "a reason follows: " + e.getMessage());
    }
}
