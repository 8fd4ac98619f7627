package io.cairn.core.chunker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

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
        if (closed) {
            throw new IOException("chunker is closed");
        }
        if (readAhead != null) {
            int available = readAhead.fill(size);
            return available == 0 ? null : readAhead.take(Math.min(available, size));
        }
        if (eof) {
            return null;
        }
        byte[] chunk = new byte[size];
        int filled = 0;
        while (filled < size) {
            int n = in.read(chunk, filled, size - filled);
            if (n < 0) {
                eof = true;
                break;
            }
            filled += n;
        }
        if (filled == size) {
            return chunk;
        }
        return filled == 0 ? null : Arrays.copyOf(chunk, filled);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        in.close();
    }
}
