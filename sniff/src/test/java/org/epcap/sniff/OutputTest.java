package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** When {@link Output} hands bytes over (-l per line, -U per packet, else when full) and a gone reader. */
class OutputTest {
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    private String seen() {
        return sink.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void lineBufferedHandsOverEachLine() {
        Output out = new Output(sink, Output.Flush.LINE);
        out.ascii("one");
        assertEquals("", seen(), "a line is handed over when it ends");
        out.newline();
        assertEquals("one\n", seen());
        out.ascii("two").newline();
        assertEquals("one\ntwo\n", seen());
    }

    @Test
    void packetBufferedHandsOverEachPacket() {
        Output out = new Output(sink, Output.Flush.PACKET);
        out.ascii("line 1").newline().ascii("\tdump").newline();
        assertEquals("", seen(), "a packet's lines go together");
        out.packetDone();
        assertEquals("line 1\n\tdump\n", seen());
    }

    @Test
    void fullBufferingWaitsFor64KiBOrTheEnd() {
        Output out = new Output(sink, Output.Flush.FULL);
        String line = "x".repeat(99);
        for (int i = 0; i < 655; i++) {
            out.ascii(line).newline();
            out.packetDone();
        }
        assertEquals("", seen(), "65,500 bytes stay in the buffer");
        out.ascii(line).newline();
        assertEquals(65536, sink.size(), "the full buffer is handed over");
        out.flush();
        assertEquals(656 * 100, sink.size());
    }

    @Test
    void aClosedStreamIsOutputClosed() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        Output out = new Output(broken, Output.Flush.LINE);
        assertThrows(OutputClosedException.class, () -> out.ascii("a").newline());
        // A PrintStream keeps the error to itself; Output asks it.
        Output viaPrintStream = new Output(new PrintStream(broken, false), Output.Flush.LINE);
        assertThrows(OutputClosedException.class, () -> viaPrintStream.ascii("a").newline());
    }

    @Test
    void textKeepsUtf8() {
        Output out = new Output(sink, Output.Flush.FULL);
        out.text("caf\u00e9").flush();
        assertEquals("caf\u00e9", sink.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBuilderIsTheSameUtf8AsItsString() {
        // ASCII across the 64 KiB buffer's end, then a character of each UTF-8 length and a pair.
        StringBuilder sb = new StringBuilder("x".repeat(65_530)).append("ab\u00e9\u20ac\ud83d\ude00 \u2028z");
        sb.append("y".repeat(70_000));
        Output out = new Output(sink, Output.Flush.FULL);
        out.ascii("head ").text(sb).newline().flush();
        assertEquals("head " + sb + "\n", sink.toString(StandardCharsets.UTF_8));
        sink.reset();
        new Output(sink, Output.Flush.FULL).text(new StringBuilder("only ascii")).flush();
        assertEquals("only ascii", seen());
    }
}
