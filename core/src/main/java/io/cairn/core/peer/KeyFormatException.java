package io.cairn.core.peer;

import io.cairn.core.FormatException;

/** Bytes that are not a valid libp2p {@code PublicKey} or {@code PrivateKey} protobuf, or a key of the wrong shape. */
public final class KeyFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
