package io.cairn.network.dht;

import io.cairn.core.FormatException;

/**
 * A request the server side refuses (empty or over-long key, a provider record naming another peer, an invalid or
 * older value record). The driver resets the stream, as go does when a handler returns an error, and counts it.
 */
public final class DhtRequestException extends FormatException {
    private static final long serialVersionUID = 1L;

    public DhtRequestException(String message) {
        super(message);
    }

    public DhtRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
