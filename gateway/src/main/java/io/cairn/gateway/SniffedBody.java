package io.cairn.gateway;

import io.cairn.core.reader.SegmentedInput;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body whose first bytes were read to sniff its type, put back in front of the rest. Unlike a
 * {@link java.io.SequenceInputStream} it keeps the rest's {@link SegmentedInput} side, so the body is still written
 * from its blocks without a copy.
 */
final class SniffedBody extends InputStream implements SegmentedInput {
    private final byte[] head;
    private int pos;
    private final InputStream rest;

    SniffedBody(byte[] head, InputStream rest) {
        this.head = head;
        this.rest = rest;
    }

    @Override
    public int read() throws IOException {
        return pos < head.length ? head[pos++] & 0xFF : rest.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos < head.length) {
            int n = Math.min(len, head.length - pos);
            System.arraycopy(head, pos, b, off, n);
            pos += n;
            return n;
        }
        return rest.read(b, off, len);
    }

    @Override
    public Segment nextSegment(int max) throws IOException {
        if (pos < head.length) {
            int n = Math.min(max, head.length - pos);
            Segment s = new Segment(head, pos, n);
            pos += n;
            return s;
        }
        if (rest instanceof SegmentedInput segments) {
            return segments.nextSegment(max);
        }
        byte[] chunk = new byte[max];
        int n = rest.readNBytes(chunk, 0, max);
        return n == 0 ? null : new Segment(chunk, 0, n);
    }

    @Override
    public void close() throws IOException {
        rest.close();
    }
}
