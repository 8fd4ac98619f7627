package io.cairn.core.multiformats;

import io.cairn.core.FormatException;

/** Text or bytes that are not a valid CID. */
public final class CidFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public CidFormatException(String message) {
        super(message);
    }

    public CidFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
