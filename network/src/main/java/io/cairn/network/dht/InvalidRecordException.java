package io.cairn.network.dht;

import io.cairn.core.FormatException;

/** A value record that its namespace's {@link RecordValidator} rejects, or a key with no known namespace. */
public final class InvalidRecordException extends FormatException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
