package io.cairn.core.car;

import io.cairn.core.FormatException;

/**
 * Bytes that are not a valid CAR: a bad header, a truncated or oversized section, a malformed CID, or block data
 * that does not hash to its CID. I/O failures of the underlying stream are reported as {@link java.io.IOException}
 * instead.
 */
public final class CarFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public CarFormatException(String message) {
        super(message);
    }

    public CarFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
