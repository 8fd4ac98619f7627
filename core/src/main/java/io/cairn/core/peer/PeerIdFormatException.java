package io.cairn.core.peer;

import io.cairn.core.FormatException;

/** Text or bytes that are not a valid libp2p peer ID. */
public final class PeerIdFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public PeerIdFormatException(String message) {
        super(message);
    }

    public PeerIdFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
