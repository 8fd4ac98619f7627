package io.cairn.network.dht;

import io.cairn.core.FormatException;

/** A kad-dht message that cannot be decoded: over the size bound, not protobuf, or of an unknown type. */
public final class DhtMessageFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public DhtMessageFormatException(String message) {
        super(message);
    }

    public DhtMessageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
