package io.cairn.core.chunker;

import java.io.IOException;
import java.io.InputStream;

/**
 * Kubo's {@code size-N}: every chunk is exactly N bytes except the last, which holds the 1..N bytes left. A read
 * that returns fewer bytes than asked never shortens a chunk (boxo fills each chunk with {@code io.ReadFull}).
 *
 * <p>Large chunks are read straight into the array handed out; small ones go through a {@link ReadAhead} so that
 * the stream still sees reads of at least 64 KiB.
 */
final class FixedSizeChunker implements Chunker {
    /** From this size on, one chunk is a large enough read by itself. */
    static final int DIRECT_READ_SIZE = ReadAhead.MIN_READ;

    private final int size;
    private final InputStream in;
    private final ReadAhead readAhead;
    private boolean eof;
    private boolean closed;

    FixedSizeChunker(InputStream in, int size) {
        this.size = size;
        this.in = in;
        this.readAhead = size >= DIRECT_READ_SIZE ? null : new ReadAhead(in, size);
    }

    @Override
    public byte[] nextChunk() throws IOException {
        return nextChunk(0, 0);
    }

    /** Large chunks are read straight into the framed array; only the short last one is copied into its own. */
    @Override
    public byte[] nextChunk(int headroom, int tailroom) throws IOException {
        if (closed) {
            throw new IOException("chunker is closed");
        }
        if (readAhead != null) {
            int available = readAhead.fill(size);
            if (available == 0) {
                return null;
            }
            int n = Math.min(available, size);
            if (headroom == 0 && tailroom == 0) {
                return readAhead.take(n);
            }
            byte[] framed = new byte[headroom + n + tailroom];
            System.arraycopy(readAhead.array(), readAhead.start(), framed, headroom, n);
            readAhead.skip(n);
            return framed;
        }
        if (eof) {
            return null;
        }
        byte[] framed = new byte[headroom + size + tailroom];
        int filled = 0;
        while (filled < size) {
            int n = in.read(framed, headroom + filled, size - filled);
            if (n < 0) {
                eof = true;
                break;
            }
            filled += n;
        }
        if (filled == size) {
            return framed;
        }
        if (filled == 0) {
            return null;
        }
        byte[] shorter = new byte[headroom + filled + tailroom];
        System.arraycopy(framed, headroom, shorter, headroom, filled);
        return shorter;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        in.close();
    }
}
