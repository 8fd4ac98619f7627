package io.cairn.core.multiformats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A multihash: {@code varint(code) varint(length) digest}. Immutable; equality is over the encoded bytes. The text
 * form is base58btc without a multibase prefix, as IPFS prints multihashes.
 */
public final class Multihash implements Comparable<Multihash> {
    private final long code;
    private final byte[] digest;
    private final byte[] bytes;
    private final int hash;

    private Multihash(long code, byte[] digest, byte[] bytes) {
        this.code = code;
        this.digest = digest;
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps a digest computed elsewhere. */
    public static Multihash of(long code, byte[] digest) {
        if (code < 0) {
            throw new IllegalArgumentException("negative multihash code");
        }
        byte[] d = digest.clone();
        byte[] b = new byte[Varint.size(code) + Varint.size(d.length) + d.length];
        int o = Varint.write(code, b, 0);
        o = Varint.write(d.length, b, o);
        System.arraycopy(d, 0, b, o, d.length);
        return new Multihash(code, d, b);
    }

    /** Hashes {@code data} with {@code function}. */
    public static Multihash digest(HashFunction function, byte[] data) {
        return digest(function, data, 0, data.length);
    }

    public static Multihash digest(HashFunction function, byte[] data, int offset, int length) {
        return of(function.code(), function.digest(data, offset, length));
    }

    /** Parses exactly one multihash occupying all of {@code bytes}. */
    public static Multihash fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Multihash mh = read(buf);
        if (buf.hasRemaining()) {
            throw new MultihashFormatException(buf.remaining() + " trailing bytes after multihash");
        }
        return mh;
    }

    /** Reads one multihash from {@code buf}, advancing its position past it. */
    public static Multihash read(ByteBuffer buf) {
        int start = buf.position();
        long code;
        long length;
        try {
            code = Varint.read(buf);
            length = Varint.read(buf);
        } catch (VarintFormatException e) {
            throw new MultihashFormatException("bad multihash header: " + e.getMessage());
        }
        if (length > buf.remaining()) {
            throw new MultihashFormatException("multihash digest truncated: wants " + length + " bytes, has "
                    + buf.remaining());
        }
        byte[] digest = new byte[(int) length];
        buf.get(digest);
        byte[] all = new byte[buf.position() - start];
        buf.duplicate().position(start).get(all);
        return new Multihash(code, digest, all);
    }

    /** Parses the base58btc text form (e.g. {@code QmT78z...}). */
    public static Multihash parse(String text) {
        if (text == null || text.isEmpty() || text.length() > Cid.MAX_TEXT_LENGTH) {
            throw new MultihashFormatException("multihash text is empty or too long");
        }
        byte[] b;
        try {
            b = Multibase.BASE58_BTC.decodeRaw(text);
        } catch (MultibaseFormatException e) {
            throw new MultihashFormatException("multihash text is not base58btc: " + e.getMessage());
        }
        return fromBytes(b);
    }

    public long code() {
        return code;
    }

    /** The hash function, or {@code null} when Cairn cannot compute this multihash's function. */
    public HashFunction function() {
        return HashFunction.forCode(code);
    }

    public byte[] digest() {
        return digest.clone();
    }

    public int digestLength() {
        return digest.length;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Encoded length in bytes. */
    public int byteLength() {
        return bytes.length;
    }

    /** Copies the encoded bytes into {@code dest} at {@code offset}; returns the offset after them. */
    public int writeTo(byte[] dest, int offset) {
        System.arraycopy(bytes, 0, dest, offset, bytes.length);
        return offset + bytes.length;
    }

    /** Whether {@code data} hashes to this multihash. Throws if the function is not one Cairn computes. */
    public boolean matches(byte[] data) {
        HashFunction f = function();
        if (f == null) {
            throw new MultihashFormatException("cannot verify hash function " + Multicodec.nameOf(code));
        }
        if (f == HashFunction.IDENTITY) {
            return Arrays.equals(digest, data);
        }
        // A digest shorter than the function's output is its prefix (blake3 is an XOF, so a 20-byte blake3 digest is
        // the first 20 bytes of the 32-byte one); only lengths requireAllowed() would accept are compared.
        int n = digest.length;
        if (n < f.minDigestLength() || n > f.digestLength()) {
            return false;
        }
        return Arrays.equals(digest, 0, n, f.digest(data, 0, data.length), 0, n);
    }

    /**
     * Checks that this multihash may be accepted from outside: a function Cairn computes, the full digest length
     * (at least the function's minimum), and for identity at most {@link HashFunction#MAX_IDENTITY_DIGEST} bytes.
     */
    public Multihash requireAllowed() {
        HashFunction f = function();
        if (f == null) {
            throw new MultihashFormatException("hash function " + Multicodec.nameOf(code) + " is not allowed");
        }
        if (f == HashFunction.IDENTITY) {
            if (digest.length > HashFunction.MAX_IDENTITY_DIGEST) {
                throw new MultihashFormatException("identity multihash of " + digest.length + " bytes exceeds "
                        + HashFunction.MAX_IDENTITY_DIGEST);
            }
        } else if (digest.length < f.minDigestLength() || digest.length > f.digestLength()) {
            throw new MultihashFormatException(f.hashName() + " digest of " + digest.length
                    + " bytes is not allowed");
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash && Arrays.equals(bytes, ((Multihash) o).bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Orders by encoded bytes, unsigned. */
    @Override
    public int compareTo(Multihash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return Multibase.BASE58_BTC.encodeRaw(bytes);
    }
}
