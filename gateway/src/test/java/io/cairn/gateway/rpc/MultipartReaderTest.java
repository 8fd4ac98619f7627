package io.cairn.gateway.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
    private static final String BOUNDARY = "-----------------------------abc123";

    private static byte[] encode(List<byte[]> bodies) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bodies.size(); i++) {
            out.write(((i > 0 ? "\r\n" : "") + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"f%2F" + i + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(bodies.get(i));
        }
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Reads in small, uneven pieces so that delimiters straddle refills. */
    private static InputStream trickle(byte[] data) {
        return new ByteArrayInputStream(data) {
            private int turn;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + (turn++ % 7)));
            }
        };
    }

    @Property(tries = 300)
    void roundTrip(@ForAll @Size(max = 4) List<@Size(max = 300) byte[]> bodies) throws IOException {
        MultipartReader reader = new MultipartReader(trickle(encode(bodies)), BOUNDARY);
        for (int i = 0; i < bodies.size(); i++) {
            MultipartReader.Part part = reader.next();
            assertEquals("f%2F" + i, part.fileName());
            assertEquals("application/octet-stream", part.contentType());
            assertArrayEquals(bodies.get(i), part.body().readAllBytes());
        }
        assertNull(reader.next());
    }

    @Property(tries = 300)
    void unreadBodiesAreSkipped(@ForAll @Size(min = 2, max = 4) List<@Size(max = 300) byte[]> bodies)
            throws IOException {
        MultipartReader reader = new MultipartReader(trickle(encode(bodies)), BOUNDARY);
        reader.next();
        assertArrayEquals(bodies.get(1), reader.next().body().readAllBytes());
    }

    @Property(tries = 1000)
    void arbitraryBytesOnlyFailWithTheTypedError(@ForAll @Size(max = 400) byte[] junk) throws IOException {
        byte[] prefix = ("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.UTF_8);
        for (byte[] input : List.of(junk, concat(prefix, junk))) {
            try {
                MultipartReader reader = new MultipartReader(new ByteArrayInputStream(input), BOUNDARY);
                for (MultipartReader.Part p = reader.next(); p != null; p = reader.next()) {
                    p.body().readAllBytes();
                }
            } catch (MultipartFormatException expected) {
                // the one error malformed input may raise
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void goStyleHeadersAndQuotedParameters() {
        assertEquals("x", MultipartReader.boundary("multipart/form-data; boundary=x"));
        assertEquals("a \"b\".txt", MultipartReader.parameter("form-data; name=\"file\"; filename=\"a \\\"b\\\".txt\"",
                "filename"));
        assertEquals("file", MultipartReader.parameter("form-data; name=file; filename=z", "name"));
    }
}
