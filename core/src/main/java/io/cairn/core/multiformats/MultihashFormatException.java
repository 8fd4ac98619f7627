package io.cairn.core.multiformats;

import io.cairn.core.FormatException;

/** Bytes or text that are not a well-formed multihash, or a multihash Cairn does not accept from outside. */
public final class MultihashFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public MultihashFormatException(String message) {
        super(message);
    }
}
