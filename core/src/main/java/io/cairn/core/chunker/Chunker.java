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

    /** Closes the stream this chunker reads and drops its buffer. */
    @Override
    void close() throws IOException;
}
