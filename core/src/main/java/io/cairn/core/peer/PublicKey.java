package io.cairn.core.peer;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A peer's public key as libp2p carries it ({@code peer-ids/peer-ids.md}): a {@link KeyType} and the type's own
 * encoding of the key. Immutable; equality is over the canonical protobuf encoding, from which the peer ID is
 * derived.
 *
 * <p>Every key type is parsed when the value is built, with go-libp2p's rules, so a malformed key is a
 * {@link KeyFormatException} there and {@link #verify} only ever answers yes or no:
 * <ul>
 *   <li>Ed25519: 32 raw bytes; RFC 8032 signatures of the message itself.
 *   <li>RSA: DER SubjectPublicKeyInfo, modulus 2048 to 8192 bits; RSASSA-PKCS1-v1_5 with SHA-256.
 *   <li>secp256k1: 33-byte compressed point (65-byte uncompressed also read); DER ECDSA over SHA-256.
 *   <li>ECDSA: DER SubjectPublicKeyInfo on P-224/256/384/521 (P-256 in practice); DER ECDSA over SHA-256.
 * </ul>
 * The {@code Data} bytes are kept as given (not re-encoded), so the peer ID is that of the encoding the peer sent.
 */
public final class PublicKey {
    private final KeyType type;
    private final byte[] data;
    private final byte[] protobuf;
    private final SignatureVerifier verifier;

    private PublicKey(KeyType type, byte[] data, SignatureVerifier verifier) {
        this.type = type;
        this.data = data;
        this.protobuf = KeyProtobuf.encode(type, data);
        this.verifier = verifier;
    }

    /**
     * A key from its type and the type's encoding (the protobuf's {@code Data}).
     *
     * @throws KeyFormatException if {@code data} is not a valid key of that type
     */
    public static PublicKey of(KeyType type, byte[] data) {
        if (type == null || data == null) {
            throw new NullPointerException("key type and data are required");
        }
        if (data.length > KeyProtobuf.MAX_DATA) {
            throw new KeyFormatException("public key of " + data.length + " bytes is too long");
        }
        byte[] copy = data.clone();
        return new PublicKey(type, copy, parse(type, copy));
    }

    private static SignatureVerifier parse(KeyType type, byte[] data) {
        switch (type) {
            case ED25519:
                if (data.length != Ed25519.PUBLIC_KEY_SIZE) {
                    throw new KeyFormatException("Ed25519 public key has " + data.length + " bytes, not "
                            + Ed25519.PUBLIC_KEY_SIZE);
                }
                // Like go-libp2p, only the length is checked up front: a non-point simply verifies nothing.
                return (message, signature) -> signature.length == Ed25519.SIGNATURE_SIZE
                        && Ed25519.verify(signature, 0, data, 0, message, 0, message.length);
            case RSA:
                return RsaVerifier.parse(data);
            case SECP256K1:
                return Secp256k1Verifier.parse(data);
            case ECDSA:
                return EcdsaVerifier.parse(data);
            default:
                throw new KeyFormatException("unknown key type " + type);
        }
    }

    /** Decodes libp2p's {@code PublicKey} protobuf message. */
    public static PublicKey fromProtobuf(byte[] bytes) {
        KeyProtobuf.Decoded d = KeyProtobuf.decode(bytes, "public key");
        return of(d.type(), d.data());
    }

    /** The canonical libp2p {@code PublicKey} protobuf encoding. */
    public byte[] toProtobuf() {
        return protobuf.clone();
    }

    public KeyType type() {
        return type;
    }

    /** The key in its type's own encoding (the protobuf's {@code Data}). */
    public byte[] data() {
        return data.clone();
    }

    /** The peer ID this key identifies. */
    public PeerId peerId() {
        return PeerId.fromPublicKey(this);
    }

    /**
     * Whether {@code signature} is this key's signature of {@code message}, checked as go-libp2p checks it. Any
     * bytes may be passed as the signature: a malformed or missing one simply does not verify.
     */
    public boolean verify(byte[] message, byte[] signature) {
        if (message == null) {
            throw new NullPointerException("message is required");
        }
        return signature != null && verifier.verify(message, signature);
    }

    byte[] protobufUnsafe() {
        return protobuf;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey && Arrays.equals(protobuf, ((PublicKey) o).protobuf);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(protobuf);
    }

    @Override
    public String toString() {
        return type + " public key of " + peerId();
    }
}
