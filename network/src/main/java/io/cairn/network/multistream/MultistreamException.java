package io.cairn.network.multistream;

import io.cairn.core.FormatException;

/** The remote broke multistream-select: a wrong header, a malformed message, too many proposals. */
public final class MultistreamException extends FormatException {
    private static final long serialVersionUID = 1L;

    public MultistreamException(String message) {
        super(message);
    }
}
