package io.cairn.network.bitswap;

import io.cairn.core.FormatException;

/** A Bitswap message that is not valid protobuf, is too large, or names a CID or block that cannot be accepted. */
public final class BitswapFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public BitswapFormatException(String message) {
        super(message);
    }

    public BitswapFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
