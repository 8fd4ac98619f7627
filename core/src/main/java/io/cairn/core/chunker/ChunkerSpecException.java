package io.cairn.core.chunker;

import io.cairn.core.FormatException;

/** A {@code --chunker} string that Kubo would refuse (or that Cairn refuses, see {@link ChunkerSpec#parse}). */
public final class ChunkerSpecException extends FormatException {
    private static final long serialVersionUID = 1L;

    public ChunkerSpecException(String message) {
        super(message);
    }
}
