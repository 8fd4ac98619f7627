package io.cairn.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.reader.SegmentedInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The sniffed head put back in front of the body, through both reading APIs. */
class SniffedBodyTest {
    private final byte[] head = "<!doctype html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final byte[] rest = new byte[1_000];

    SniffedBodyTest() {
        for (int i = 0; i < rest.length; i++) {
            rest[i] = (byte) (i * 7 + 1);
        }
    }

    private byte[] whole() {
        byte[] all = Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    @Test
    void readsTheHeadThenTheRest() throws IOException {
        try (InputStream in = new SniffedBody(head, new ByteArrayInputStream(rest))) {
            assertEquals(head[0], in.read());
            assertArrayEquals(Arrays.copyOfRange(whole(), 1, head.length + rest.length), in.readAllBytes());
            assertEquals(-1, in.read());
        }
    }

    /** The rest's own segments come through as they are (views of its blocks, not copies). */
    @Test
    void segmentsPassTheRestsViewsThrough() throws IOException {
        SegmentedInput.Segment[] handedOut = new SegmentedInput.Segment[1];
        class Views extends InputStream implements SegmentedInput {
            int pos;

            @Override
            public int read() {
                return pos < rest.length ? rest[pos++] & 0xFF : -1;
            }

            @Override
            public Segment nextSegment(int max) {
                if (pos == rest.length) {
                    return null;
                }
                int n = Math.min(max, rest.length - pos);
                handedOut[0] = new Segment(rest, pos, n);
                pos += n;
                return handedOut[0];
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SniffedBody body = new SniffedBody(head, new Views())) {
            SegmentedInput.Segment s;
            boolean sawRest = false;
            while ((s = body.nextSegment(100)) != null) {
                assertTrue(s.length() >= 1 && s.length() <= 100);
                if (s.array() == rest) {
                    assertSame(handedOut[0], s);
                    sawRest = true;
                }
                out.write(s.array(), s.offset(), s.length());
            }
            assertTrue(sawRest);
            assertNull(body.nextSegment(1));
        }
        assertArrayEquals(whole(), out.toByteArray());
    }

    /** A rest without segments is read in pieces of at most the size asked for. */
    @Test
    void segmentsOfAPlainStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SniffedBody body = new SniffedBody(head, new ByteArrayInputStream(rest))) {
            SegmentedInput.Segment s;
            while ((s = body.nextSegment(64)) != null) {
                assertTrue(s.length() >= 1 && s.length() <= 64);
                out.write(s.array(), s.offset(), s.length());
            }
        }
        assertArrayEquals(whole(), out.toByteArray());
    }
}
