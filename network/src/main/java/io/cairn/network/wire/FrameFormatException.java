package io.cairn.network.wire;

import io.cairn.core.FormatException;

/** A length-prefixed frame is malformed: a bad length varint, or a length over the allowed maximum. */
public final class FrameFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public FrameFormatException(String message) {
        super(message);
    }
}
