package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON writer against Python's json module (strict mode), which nobody here wrote. */
class JsonTest {
    private static final String PYTHON = "/usr/bin/python3";

    private static final List<String> STRINGS = List.of(
            "",
            "plain text",
            "quote \" and backslash \\ and slash /",
            "\u0000\u0001\u0007\u001f\u007f",
            "tab\tnewline\ncarriage\rbackspace\bformfeed\f",
            "\u00e9t\u00e9 \u6f22\u5b57 \ud83d\ude00",
            "line separators \u2028 \u2029",
            "lone surrogates \ud800 x \udc00");

    @Test
    void pythonReadsBackEveryStringExactly(@TempDir Path dir) throws IOException {
        assertTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON);
        List<String> lines = new ArrayList<>();
        for (String s : STRINGS) {
            String line = Json.string(new StringBuilder(), s).toString();
            assertEquals(-1, line.indexOf('\n'), "one line: " + line);
            lines.add(line);
        }
        Path in = dir.resolve("strings.jsonl");
        Files.write(in, lines, StandardCharsets.UTF_8);
        // Python prints each decoded string as its code points; strict mode refuses raw control characters.
        String out = Tools.check(List.of(PYTHON, "-c",
                "import json,sys\n"
                + "for line in open(sys.argv[1], encoding='utf-8', errors='surrogatepass'):\n"
                + "    print(' '.join(str(ord(c)) for c in json.loads(line)))\n",
                in.toString()));
        List<String> decoded = out.lines().collect(Collectors.toList());
        for (int i = 0; i < STRINGS.size(); i++) {
            String expected = STRINGS.get(i).codePoints().mapToObj(Integer::toString).collect(Collectors.joining(" "));
            assertEquals(expected, decoded.get(i), "string " + i + " as " + lines.get(i));
        }
    }

    @Test
    void valuesKeepTheirJsonTypes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", 80);
        m.put("seq", 4294967295L);
        m.put("flags", List.of("ack", "psh"));
        m.put("nothing", null);
        m.put("dei", false);
        m.put("nested", Map.of("k", -1));
        assertEquals("{\"port\":80,\"seq\":4294967295,\"flags\":[\"ack\",\"psh\"],\"nothing\":null,\"dei\":false,\"nested\":{\"k\":-1}}",
                Json.value(new StringBuilder(), m).toString());
        assertEquals("null", Json.value(new StringBuilder(), Double.NaN).toString());
        assertEquals("[1,2,3]", Json.value(new StringBuilder(), Arrays.asList(1, 2L, (short) 3)).toString());
    }
}
