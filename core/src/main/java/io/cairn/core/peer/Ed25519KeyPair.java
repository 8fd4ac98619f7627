package io.cairn.core.peer;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A node's own Ed25519 key pair (RFC 8032), with libp2p's {@code PrivateKey} encoding. The secret is the 32-byte
 * seed; the public key is derived from it.
 *
 * <p>libp2p encodes an Ed25519 private key's {@code Data} as 64 bytes, seed then public key, and this class writes
 * exactly that (as go-libp2p does). On reading it also accepts the 96-byte form of old libp2p versions (seed, public
 * key, public key) when the two copies agree, and in both forms it checks that the stored public key is the one
 * the seed gives: a key file whose halves disagree would sign as one peer and announce another.
 *
 * <p>{@link #toString()} never shows the secret.
 */
public final class Ed25519KeyPair {
    public static final int SEED_LENGTH = Ed25519.SECRET_KEY_SIZE;
    public static final int PUBLIC_KEY_LENGTH = Ed25519.PUBLIC_KEY_SIZE;
    public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

    private final byte[] seed;
    private final PublicKey publicKey;
    private final byte[] rawPublic;

    private Ed25519KeyPair(byte[] seed) {
        this.seed = seed;
        this.rawPublic = new byte[PUBLIC_KEY_LENGTH];
        Ed25519.generatePublicKey(seed, 0, rawPublic, 0);
        this.publicKey = PublicKey.of(KeyType.ED25519, rawPublic);
    }

    /** A new random key pair. */
    public static Ed25519KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        return new Ed25519KeyPair(seed);
    }

    /** The key pair of a 32-byte RFC 8032 secret key (seed). */
    public static Ed25519KeyPair fromSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new KeyFormatException("Ed25519 seed must be " + SEED_LENGTH + " bytes");
        }
        return new Ed25519KeyPair(seed.clone());
    }

    /** Decodes libp2p's {@code PrivateKey} protobuf message, which must hold an Ed25519 key. */
    public static Ed25519KeyPair fromProtobuf(byte[] bytes) {
        KeyProtobuf.Decoded d = KeyProtobuf.decode(bytes, "private key");
        if (d.type() != KeyType.ED25519) {
            throw new KeyFormatException("private key is " + d.type() + ", not Ed25519");
        }
        byte[] data = d.data();
        int n = data.length;
        if (n != SEED_LENGTH + PUBLIC_KEY_LENGTH && n != SEED_LENGTH + 2 * PUBLIC_KEY_LENGTH) {
            throw new KeyFormatException("Ed25519 private key has " + n + " bytes, not 64 (or the old 96)");
        }
        if (n == SEED_LENGTH + 2 * PUBLIC_KEY_LENGTH
                && !Arrays.equals(data, 32, 64, data, 64, 96)) {
            throw new KeyFormatException("old-style 96-byte Ed25519 private key holds two different public keys");
        }
        Ed25519KeyPair pair = new Ed25519KeyPair(Arrays.copyOf(data, SEED_LENGTH));
        if (!Arrays.equals(pair.rawPublic, 0, PUBLIC_KEY_LENGTH, data, SEED_LENGTH, SEED_LENGTH + PUBLIC_KEY_LENGTH)) {
            throw new KeyFormatException("Ed25519 private key's public half does not match its secret half");
        }
        return pair;
    }

    /** libp2p's {@code PrivateKey} protobuf: type Ed25519, data = seed || public key (64 bytes). */
    public byte[] toProtobuf() {
        byte[] data = new byte[SEED_LENGTH + PUBLIC_KEY_LENGTH];
        System.arraycopy(seed, 0, data, 0, SEED_LENGTH);
        System.arraycopy(rawPublic, 0, data, SEED_LENGTH, PUBLIC_KEY_LENGTH);
        byte[] out = KeyProtobuf.encode(KeyType.ED25519, data);
        Arrays.fill(data, (byte) 0);
        return out;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public PeerId peerId() {
        return publicKey.peerId();
    }

    /** The 64-byte RFC 8032 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        byte[] sig = new byte[SIGNATURE_LENGTH];
        Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    /** Whether {@code signature} is this key's signature of {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        return publicKey.verify(message, signature);
    }

    /** Compares public keys only; the seed determines the public key, so this is equality of the pairs. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519KeyPair && publicKey.equals(((Ed25519KeyPair) o).publicKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519 key pair of " + peerId();
    }
}
