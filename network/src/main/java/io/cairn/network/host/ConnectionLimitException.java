package io.cairn.network.host;

import java.io.IOException;

/** A connection was refused or closed because a connection limit was reached. */
public final class ConnectionLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    public ConnectionLimitException(String message) {
        super(message);
    }
}
