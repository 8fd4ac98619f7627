package io.cairn.core.multiformats;

import io.cairn.core.FormatException;

/** A byte sequence that is not a valid, minimally-encoded unsigned varint of at most 63 bits. */
public final class VarintFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public VarintFormatException(String message) {
        super(message);
    }
}
