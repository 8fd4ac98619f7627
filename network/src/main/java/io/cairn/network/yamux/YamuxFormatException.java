package io.cairn.network.yamux;

import io.cairn.core.FormatException;

/** Bytes that are not a valid Yamux frame header: unknown version or type, or a data length past the bound. */
public final class YamuxFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public YamuxFormatException(String message) {
        super(message);
    }
}
