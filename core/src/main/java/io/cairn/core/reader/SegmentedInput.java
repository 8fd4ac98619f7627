package io.cairn.core.reader;

import java.io.IOException;

/**
 * A byte stream that can hand out its next bytes as a view of the array they already lie in (a block's bytes),
 * so a server can write a file to a socket without copying it through a buffer of its own. Implemented by the
 * {@link java.io.InputStream} that {@link UnixFsReader#open} returns; reads through either API advance the same
 * position.
 */
public interface SegmentedInput {
    /**
     * The next at most {@code max} bytes, or {@code null} at the end. The segment's array belongs to a block and
     * must never be modified; it stays valid after later calls.
     *
     * @param max the most bytes wanted, at least 1
     */
    Segment nextSegment(int max) throws IOException;

    /** {@code array[offset, offset + length)}, with {@code length} at least 1. */
    record Segment(byte[] array, int offset, int length) {}
}
