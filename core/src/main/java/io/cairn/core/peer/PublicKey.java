package io.cairn.core.peer;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A peer's public key as libp2p carries it: a {@link KeyType} and the type's own encoding of the key (for Ed25519
 * the 32 raw bytes). Immutable; equality is over the canonical protobuf encoding, from which the peer ID is derived.
 *
 * <p>Any key type can be held, compared and turned into a peer ID; only Ed25519 signatures can be verified so far
 * (libp2p requires Ed25519 of every implementation; RSA, secp256k1 and ECDSA are optional).
 */
public final class PublicKey {
    private final KeyType type;
    private final byte[] data;
    private final byte[] protobuf;

    private PublicKey(KeyType type, byte[] data) {
        this.type = type;
        this.data = data;
        this.protobuf = KeyProtobuf.encode(type, data);
    }

    /** A key from its type and raw encoding; an Ed25519 key must be 32 bytes. */
    public static PublicKey of(KeyType type, byte[] data) {
        if (type == null || data == null) {
            throw new NullPointerException("key type and data are required");
        }
        if (data.length > KeyProtobuf.MAX_DATA) {
            throw new KeyFormatException("public key of " + data.length + " bytes is too long");
        }
        if (type == KeyType.ED25519 && data.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new KeyFormatException("Ed25519 public key has " + data.length + " bytes, not "
                    + Ed25519.PUBLIC_KEY_SIZE);
        }
        return new PublicKey(type, data.clone());
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
     * Whether {@code signature} is this key's signature of {@code message}. A malformed signature or a key that is
     * not a valid curve point simply does not verify.
     *
     * @throws UnsupportedOperationException for key types other than Ed25519
     */
    public boolean verify(byte[] message, byte[] signature) {
        if (type != KeyType.ED25519) {
            throw new UnsupportedOperationException("cannot verify " + type + " signatures");
        }
        if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return Ed25519.verify(signature, 0, data, 0, message, 0, message.length);
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
