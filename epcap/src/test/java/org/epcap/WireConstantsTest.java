package org.epcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire constants and the ring layout are defined once, in the port's C headers
 * ({@code native/wire.h}, {@code native/ring_layout.h}). This test takes every frame type, error
 * code and exit status named there, asks the C compiler for their values (a program built
 * against the same headers, with {@code offsetof} for the ring header), and compares them with
 * the library's copies ({@link Wire}, {@link ErrorCode}, {@link SharedRing}) and with the tables
 * of {@code docs/protocol.md}. A constant added, renumbered or moved on one side only fails here.
 */
class WireConstantsTest {
    private static Path nativeDir;
    private static Map<String, String> c;

    @BeforeAll
    static void compileThePrinter(@TempDir Path tmp) throws Exception {
        nativeDir = Tools.assumePortProgram().toAbsolutePath().getParent();
        Path cc = Tools.find("cc");
        assertTrue(cc != null, "needs a C compiler (cc) to read native/wire.h as the port does");
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\b((?:FRAME|ERR|EXIT)_[A-Z_]+)\\s*=").matcher(headers());
        while (m.find()) names.add(m.group(1));
        StringBuilder src = new StringBuilder("#include <stddef.h>\n#include <stdio.h>\n#include \"wire.h\"\n"
                + "#include \"ring_layout.h\"\nint main(void) {\n");
        for (String n : names) src.append("  printf(\"").append(n).append(" %ld\\n\", (long)").append(n).append(");\n");
        for (String n : List.of("WIRE_MAX_FRAME", "WIRE_PACKET_FIXED", "WIRE_HEADER", "WIRE_PROTOCOL_VERSION", "RING_VERSION",
                "RING_HEADER_SIZE", "RING_ALIGN", "RING_MIN_CAPACITY", "RING_MAX_CAPACITY")) {
            src.append("  printf(\"").append(n).append(" %lld\\n\", (long long)").append(n).append(");\n");
        }
        src.append("  printf(\"RING_MAGIC %s\\n\", RING_MAGIC);\n");
        for (String f : List.of("magic", "version", "header_size", "capacity", "head", "tail", "reader_sleeps",
                "writer_sleeps")) {
            src.append("  printf(\"offsetof.").append(f).append(" %zu\\n\", offsetof(struct ring_header, ")
                    .append(f).append("));\n");
        }
        src.append("  return 0;\n}\n");
        Path file = tmp.resolve("constants.c");
        Files.writeString(file, src);
        Path exe = tmp.resolve("constants");
        run(List.of(cc.toString(), "-std=c11", "-D_GNU_SOURCE", "-I", nativeDir.toString(), "-o", exe.toString(),
                file.toString()));
        c = new LinkedHashMap<>();
        for (String line : run(List.of(exe.toString())).split("\n")) {
            String[] kv = line.split(" ", 2);
            c.put(kv[0], kv[1]);
        }
        assertTrue(names.size() > 30, "the headers name the frame types, error codes and exits: " + names);
    }

    @Test
    void frameTypesMatchTheLibraryAndTheDocument() throws Exception {
        Map<String, Integer> fromC = prefixed("FRAME_");
        Map<String, Integer> inJava = new TreeMap<>();
        for (String name : fromC.keySet()) inJava.put(name, (Integer) staticField(Wire.class, name));
        assertEquals(fromC, inJava, "Wire's frame types");
        Map<String, Integer> inDoc = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\| 0x([0-9a-f]{2}) \\| ([A-Z_]+) \\|").matcher(protocolMd());
        while (m.find()) inDoc.put(m.group(2), Integer.parseInt(m.group(1), 16));
        assertEquals(fromC, inDoc, "docs/protocol.md's frame and request tables");
    }

    @Test
    void errorCodesMatchTheLibraryAndTheDocument() throws Exception {
        Map<String, Integer> fromC = prefixed("ERR_");
        Map<String, Integer> inJava = new TreeMap<>();
        for (ErrorCode e : ErrorCode.values()) inJava.put(e.name(), e.code());
        assertEquals(fromC, inJava, "ErrorCode");
        Map<String, Integer> inDoc = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| ([A-Z_]+) \\|").matcher(protocolMd());
        while (m.find()) inDoc.put(m.group(2), Integer.parseInt(m.group(1)));
        assertEquals(fromC, inDoc, "docs/protocol.md's error code table");
    }

    @Test
    void exitStatusesAreTheDocumentedOnes() throws Exception {
        Map<String, Integer> fromC = prefixed("EXIT_");
        assertFalse(fromC.isEmpty());
        // protocol.md names each status where it describes what ends the port.
        String doc = protocolMd();
        assertEquals(0, fromC.get("DONE"));
        assertTrue(doc.contains("exits with status " + fromC.get("PROTOCOL")), "the PROTOCOL exit status");
        assertTrue(doc.contains("status " + fromC.get("DONE")) && doc.contains("exit " + fromC.get("DONE")),
                "exit status 0 after EOF and STOP");
    }

    @Test
    void frameLimitsMatch() throws Exception {
        assertEquals(Long.parseLong(c.get("WIRE_MAX_FRAME")), (long) Wire.MAX_FRAME, "the largest frame");
        assertEquals(Long.parseLong(c.get("WIRE_PACKET_FIXED")), (long) Wire.PACKET_HEADER, "a PACKET's fixed part");
        assertEquals(Options.MAX_SNAPLEN + 64L, Long.parseLong(c.get("WIRE_MAX_FRAME")),
                "the frame maximum follows the snaplen maximum");
        assertEquals(Long.parseLong(c.get("WIRE_PROTOCOL_VERSION")), (long) Wire.PROTOCOL_VERSION,
                "the protocol version READY carries");
        assertTrue(protocolMd().contains("`u16 protocol_version` (`WIRE_PROTOCOL_VERSION`, " + Wire.PROTOCOL_VERSION + ")"),
                "protocol.md gives the protocol version");
    }

    @Test
    void ringLayoutMatchesTheLibraryAndTheDocument() throws Exception {
        assertEquals(c.get("RING_MAGIC"), staticField(SharedRing.class, "MAGIC"));
        assertEquals(Integer.parseInt(c.get("RING_VERSION")), staticField(SharedRing.class, "VERSION"));
        assertEquals(Integer.parseInt(c.get("RING_HEADER_SIZE")), staticField(SharedRing.class, "HEADER_SIZE"));
        assertEquals(Integer.parseInt(c.get("RING_ALIGN")), staticField(SharedRing.class, "ALIGN"));
        Map<String, String> java = Map.of("head", "HEAD", "tail", "TAIL", "reader_sleeps", "READER_SLEEPS",
                "writer_sleeps", "WRITER_SLEEPS");
        for (Map.Entry<String, String> f : java.entrySet()) {
            assertEquals(Integer.parseInt(c.get("offsetof." + f.getKey())), staticField(SharedRing.class, f.getValue()),
                    "offset of " + f.getKey());
        }
        // The library writes version, header size and capacity at fixed offsets (SharedRing.create).
        assertEquals("8", c.get("offsetof.version"));
        assertEquals("12", c.get("offsetof.header_size"));
        assertEquals("16", c.get("offsetof.capacity"));
        long capacity = (Integer) staticField(SharedRing.class, "DEFAULT_CAPACITY");
        assertTrue(capacity >= Long.parseLong(c.get("RING_MIN_CAPACITY"))
                && capacity <= Long.parseLong(c.get("RING_MAX_CAPACITY")) && Long.bitCount(capacity) == 1,
                "the library's ring capacity is one the port accepts");

        String doc = protocolMd();
        for (String f : List.of("head", "tail", "reader_sleeps", "writer_sleeps")) {
            assertTrue(Pattern.compile("(?m)^\\| " + c.get("offsetof." + f) + " \\| `u(32|64) " + f + "`").matcher(doc)
                    .find(), "docs/protocol.md puts " + f + " at " + c.get("offsetof." + f));
        }
        assertTrue(doc.contains("| " + c.get("RING_HEADER_SIZE") + " | the data area |"), "the data area's offset");
        assertTrue(doc.contains("`\"" + c.get("RING_MAGIC") + "\"`"), "the magic");
        assertTrue(doc.contains("`u32 version` = " + c.get("RING_VERSION")), "the version");
    }

    private static Map<String, Integer> prefixed(String prefix) {
        Map<String, Integer> out = new TreeMap<>();
        c.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), Integer.parseInt(v));
        });
        return out;
    }

    private static Object staticField(Class<?> type, String name) throws ReflectiveOperationException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(null);
    }

    private static String headers() throws IOException {
        StringBuilder s = new StringBuilder();
        try (var files = Files.list(nativeDir)) {
            for (Path p : (Iterable<Path>) files.filter(p -> p.getFileName().toString().matches("wire.*\\.h"))::iterator) {
                s.append(Files.readString(p));
            }
        }
        return s.toString();
    }

    private static String protocolMd() throws IOException {
        return Files.readString(nativeDir.resolveSibling("docs").resolve("protocol.md"));
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ran: " + cmd);
        assertEquals(0, p.exitValue(), cmd + ": " + out);
        return out;
    }
}
