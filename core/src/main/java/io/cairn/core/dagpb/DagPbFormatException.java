package io.cairn.core.dagpb;

import io.cairn.core.FormatException;

/** Bytes that are not a valid DAG-PB block under the spec's strict rules. */
public final class DagPbFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public DagPbFormatException(String message) {
        super(message);
    }

    public DagPbFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
