package org.epcap.kafka.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes one JSON document at a time, by ECS's dotted field names, as the nested objects ECS
 * documents are ({@code "source.ip"} becomes {@code {"source":{"ip":…}}}). Fields of one object
 * must be written together: writing {@code source.*}, then {@code destination.*}, then
 * {@code source.*} again would repeat a key, and throws instead. The generator is Jackson's
 * streaming {@link JsonGenerator}: no tree and no mapping per record, and strings are escaped by
 * it (a hostile SNI or URI cannot break the document).
 *
 * <pre>{@code
 * EcsWriter w = new EcsWriter();
 * w.begin();
 * w.string("@timestamp", "2026-12-02T01:00:00.000000000Z");
 * w.string("source.ip", "192.0.2.1");
 * w.number("source.port", 40000);
 * byte[] json = w.end();    // {"@timestamp":"…","source":{"ip":"192.0.2.1","port":40000}}
 * }</pre>
 *
 * <p>Not thread-safe: one writer per thread. The buffer is reused between documents; {@link #end}
 * returns a copy.
 */
public final class EcsWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private JsonGenerator g;
    /** The objects open below the root, outermost first. */
    private final String[] open = new String[16];
    private int depth;
    /** Dotted paths of objects already closed in this document: reopening one would repeat a key. */
    private final Set<String> closed = new HashSet<>();

    /** Starts a document (abandoning any unfinished one). */
    public void begin() {
        out.reset();
        depth = 0;
        closed.clear();
        try {
            g = FACTORY.createGenerator(out);
            g.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    /** Ends the document and returns its UTF-8 bytes. */
    public byte[] end() {
        try {
            moveTo(0, new String[0]);
            g.writeEndObject();
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g = null;
        return out.toByteArray();
    }

    /** A string field; nothing is written for null. */
    public EcsWriter string(String path, String value) {
        if (value != null) {
            try {
                g.writeStringField(field(path), value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** An integer field. */
    public EcsWriter number(String path, long value) {
        try {
            g.writeNumberField(field(path), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A boolean field. */
    public EcsWriter bool(String path, boolean value) {
        try {
            g.writeBooleanField(field(path), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** An array of strings; nothing is written for null or an empty list. */
    public EcsWriter strings(String path, List<String> values) {
        if (values == null || values.isEmpty()) {
            return this;
        }
        try {
            g.writeArrayFieldStart(field(path));
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Opens an array field and returns the generator to write its elements with (objects, for
     * ECS's arrays of objects such as {@code dns.answers}); close it with {@link #endArray}.
     */
    public JsonGenerator startArray(String path) {
        try {
            g.writeArrayFieldStart(field(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    /** Closes the array {@link #startArray} opened. */
    public EcsWriter endArray() {
        try {
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Opens and closes objects so that the field of {@code path} can be written; returns its leaf name. */
    private String field(String path) throws IOException {
        if (g == null) {
            throw new IllegalStateException("begin() first");
        }
        String[] parts = path.split("\\.");
        moveTo(parts.length - 1, parts);
        return parts[parts.length - 1];
    }

    private void moveTo(int objects, String[] parts) throws IOException {
        int common = 0;
        while (common < depth && common < objects && open[common].equals(parts[common])) {
            common++;
        }
        while (depth > common) {
            closed.add(String.join(".", java.util.Arrays.copyOf(open, depth)));
            depth--;
            g.writeEndObject();
        }
        for (int i = common; i < objects; i++) {
            String[] prefix = java.util.Arrays.copyOf(parts, i + 1);
            if (!closed.isEmpty() && closed.contains(String.join(".", prefix))) {
                throw new IllegalStateException("object " + String.join(".", prefix)
                        + " was closed already: write its fields together");
            }
            g.writeObjectFieldStart(parts[i]);
            open[depth++] = parts[i];
        }
    }
}
