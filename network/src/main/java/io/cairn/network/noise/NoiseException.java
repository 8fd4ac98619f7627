package io.cairn.network.noise;

import io.cairn.core.FormatException;

/**
 * The remote side of a Noise channel sent something we refuse: a frame that does not authenticate, an oversize or
 * truncated frame, or (as the subclass {@link NoiseHandshakeException}) a handshake that cannot complete. Also
 * raised when a cipher's 64-bit nonce would wrap. A channel that raised this is unusable.
 */
public class NoiseException extends FormatException {
    private static final long serialVersionUID = 1L;

    public NoiseException(String message) {
        super(message);
    }

    public NoiseException(String message, Throwable cause) {
        super(message, cause);
    }
}
