package io.cairn.network.noise;

/**
 * The Noise handshake failed: a malformed or unauthentic handshake message, an identity payload that does not
 * decode or whose signature does not verify (or whose key type we cannot verify), or a remote peer other than the
 * one expected.
 */
public class NoiseHandshakeException extends NoiseException {
    private static final long serialVersionUID = 1L;

    public NoiseHandshakeException(String message) {
        super(message);
    }

    public NoiseHandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
