package io.cairn.network.mux;

import java.io.IOException;

/** A stream was reset by either side, or its connection closed, before the operation could finish. */
public final class StreamResetException extends IOException {
    private static final long serialVersionUID = 1L;

    public StreamResetException(String message) {
        super(message);
    }
}
