package io.cairn.core.unixfs;

import io.cairn.core.FormatException;

/** Bytes that are not valid UnixFS data, or a UnixFS DAG whose structure breaks the spec. */
public final class UnixFsFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public UnixFsFormatException(String message) {
        super(message);
    }

    public UnixFsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
