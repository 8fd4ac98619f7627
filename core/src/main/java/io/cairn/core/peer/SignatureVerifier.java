package io.cairn.core.peer;

import io.cairn.core.multiformats.HashFunction;

/**
 * The parsed form of one {@link PublicKey}, able to check signatures. Built once when the key is parsed, so a
 * malformed key fails there, with {@link KeyFormatException}; {@link #verify} itself never throws for any bytes.
 */
interface SignatureVerifier {

    /** Whether {@code signature} is a valid signature of {@code message}; both non-null. */
    boolean verify(byte[] message, byte[] signature);

    /** libp2p signs SHA-256 of the message with every key type but Ed25519. */
    static byte[] sha256(byte[] message) {
        return HashFunction.SHA2_256.digest(message, 0, message.length);
    }
}
