package io.cairn.gateway.rpc;

import io.cairn.core.FormatException;

/** A request body that is not the {@code multipart/form-data} it claims to be. */
public final class MultipartFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public MultipartFormatException(String message) {
        super(message);
    }
}
