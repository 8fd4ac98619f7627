package io.cairn.core.chunker;

import java.io.Closeable;
import java.io.IOException;

/**
 * Splits one byte stream into consecutive chunks; the chunks, concatenated, are the stream. Obtained from
 * {@link ChunkerSpec#open}. Not thread-safe: one thread drives a chunker from its first chunk to its close.
 */
public interface Chunker extends Closeable {
    /**
     * Reads on until the next chunk boundary.
     *
     * @return the next chunk, never empty and never longer than {@link ChunkerSpec#maxChunkSize()}; a freshly
     *     allocated array that the caller owns. {@code null} once the stream is exhausted, and at the very first
     *     call for an empty stream (an empty file is the importer's business, not a zero-length chunk).
     * @throws IOException if the stream fails, or the chunker was closed
     */
    byte[] nextChunk() throws IOException;

    /**
     * As {@link #nextChunk()}, but the chunk lies at offset {@code headroom} of the returned array, with
     * {@code tailroom} spare bytes after it: the caller can frame it (a leaf's header and trailer) without copying
     * it again. The chunk's length is {@code array.length - headroom - tailroom}. A chunker that reads chunks
     * straight from its stream reads them into such an array; the default copies.
     *
     * @return the framed chunk, or {@code null} where {@link #nextChunk()} returns null
     */
    default byte[] nextChunk(int headroom, int tailroom) throws IOException {
        byte[] chunk = nextChunk();
        if (chunk == null || (headroom == 0 && tailroom == 0)) {
            return chunk;
        }
        byte[] framed = new byte[headroom + chunk.length + tailroom];
        System.arraycopy(chunk, 0, framed, headroom, chunk.length);
        return framed;
    }

    /** Closes the stream this chunker reads and drops its buffer. */
    @Override
    void close() throws IOException;
}
