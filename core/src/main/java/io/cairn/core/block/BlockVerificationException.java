package io.cairn.core.block;

import io.cairn.core.FormatException;

/** Bytes that do not hash to the CID they were offered under. */
public final class BlockVerificationException extends FormatException {
    private static final long serialVersionUID = 1L;

    public BlockVerificationException(String message) {
        super(message);
    }
}
