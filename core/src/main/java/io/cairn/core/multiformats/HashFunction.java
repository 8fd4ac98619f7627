package io.cairn.core.multiformats;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * The hash functions Cairn can compute. Each has a multicodec code, the digest length it produces, and the shortest
 * digest accepted from outside (a truncated digest is easier to collide).
 */
public enum HashFunction {
    SHA2_256(Multicodec.SHA2_256, 32, 32),
    SHA2_512(Multicodec.SHA2_512, 64, 64),
    BLAKE3(Multicodec.BLAKE3, 32, 20),
    /** The digest is the data itself; only small payloads are accepted (see {@link #MAX_IDENTITY_DIGEST}). */
    IDENTITY(Multicodec.IDENTITY, -1, 0);

    /** Largest identity "digest" accepted from outside, as boxo's verifcid does. */
    public static final int MAX_IDENTITY_DIGEST = 128;

    private final Multicodec codec;
    private final int digestLength;
    private final int minDigestLength;

    HashFunction(Multicodec codec, int digestLength, int minDigestLength) {
        this.codec = codec;
        this.digestLength = digestLength;
        this.minDigestLength = minDigestLength;
    }

    public long code() {
        return codec.code();
    }

    /** The name as the multicodec table writes it, e.g. {@code sha2-256}; also Kubo's {@code --hash} value. */
    public String hashName() {
        return codec.codecName();
    }

    /** Digest length in bytes, or -1 for identity. */
    public int digestLength() {
        return digestLength;
    }

    int minDigestLength() {
        return minDigestLength;
    }

    /** The function with {@code code}, or {@code null} when Cairn cannot compute it. */
    public static HashFunction forCode(long code) {
        for (HashFunction f : values()) {
            if (f.code() == code) {
                return f;
            }
        }
        return null;
    }

    public static HashFunction forName(String name) {
        for (HashFunction f : values()) {
            if (f.hashName().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unsupported hash function '" + name + "'");
    }

    /** Hashes {@code data[offset, offset+length)}. */
    public byte[] digest(byte[] data, int offset, int length) {
        switch (this) {
            case SHA2_256:
                return jdk("SHA-256", data, offset, length);
            case SHA2_512:
                return jdk("SHA-512", data, offset, length);
            case BLAKE3: {
                Blake3Digest d = new Blake3Digest(digestLength * 8);
                d.update(data, offset, length);
                byte[] out = new byte[digestLength];
                d.doFinal(out, 0);
                return out;
            }
            case IDENTITY: {
                byte[] out = new byte[length];
                System.arraycopy(data, offset, out, 0, length);
                return out;
            }
            default:
                throw new AssertionError(this);
        }
    }

    private static byte[] jdk(String algorithm, byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(data, offset, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
