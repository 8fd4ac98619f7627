package io.cairn.core.chunker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The not-yet-chunked bytes of a stream, for chunkers that must see up to a whole chunk ahead before they can
 * choose a boundary. {@code buf[start, end)} has been read but not handed out.
 *
 * <p>Invariants: {@code 0 <= start <= end <= buf.length}; {@code buf.length >= lookahead + 64 KiB}, so after a
 * compaction every read asks the stream for at least 64 KiB (never byte-at-a-time); once the stream has reported
 * its end it is never read again (as Go's {@code io.ReadFull} callers in boxo stop at the first EOF). Memory is
 * {@code lookahead + max(lookahead, 64 KiB)} bytes however long the stream is; compaction copies fewer than
 * {@code lookahead} bytes per at least as many bytes read, so it costs at most one extra pass of memcpy.
 */
final class ReadAhead {
    static final int MIN_READ = 64 * 1024;

    private final InputStream in;
    private final int lookahead;
    private byte[] buf;
    private int start;
    private int end;
    private boolean eof;

    ReadAhead(InputStream in, int lookahead) {
        this.in = in;
        this.lookahead = lookahead;
        this.buf = new byte[lookahead + Math.max(lookahead, MIN_READ)];
    }

    /**
     * Reads until at least {@code want} bytes are buffered or the stream has ended.
     *
     * @return how many bytes are buffered (fewer than {@code want} only at the end of the stream)
     */
    int fill(int want) throws IOException {
        if (buf == null) {
            throw new IOException("chunker is closed");
        }
        assert want <= lookahead;
        while (end - start < want && !eof) {
            if (buf.length - end < MIN_READ || buf.length - start < want) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }
        return end - start;
    }

    /** The buffer; valid bytes are {@code [start(), start() + fill(..))} until the next {@code fill} or take. */
    byte[] array() {
        return buf;
    }

    int start() {
        return start;
    }

    /** Hands out the next {@code length} buffered bytes as a fresh array. */
    byte[] take(int length) {
        assert length > 0 && length <= end - start;
        byte[] chunk = Arrays.copyOfRange(buf, start, start + length);
        start += length;
        return chunk;
    }

    /** Drops the next {@code length} buffered bytes, which the caller has copied out of {@link #array()}. */
    void skip(int length) {
        assert length > 0 && length <= end - start;
        start += length;
    }

    void close() throws IOException {
        buf = null;
        in.close();
    }
}
