package io.cairn.core.multiformats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A content identifier. Version 0 is a bare sha2-256 multihash of a dag-pb node and prints in base58btc
 * ({@code Qm...}); version 1 is {@code varint(1) varint(codec) multihash} and prints in base32 by default
 * ({@code bafy...}). Immutable; equality is over the binary form, so a v0 CID and its v1 equivalent differ (use
 * {@link #multihash()} to compare content).
 */
public final class Cid implements Comparable<Cid> {
    /** Longest CID text accepted by {@link #parse}: room for a 128-byte identity digest in base36 and more. */
    public static final int MAX_TEXT_LENGTH = 512;

    private final int version;
    private final long codec;
    private final Multihash multihash;
    private final byte[] bytes;
    private final int hash;

    private Cid(int version, long codec, Multihash multihash) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
        if (version == 0) {
            this.bytes = multihash.toBytes();
        } else {
            byte[] b = new byte[1 + Varint.size(codec) + multihash.byteLength()];
            int o = Varint.write(1, b, 0);
            o = Varint.write(codec, b, o);
            multihash.writeTo(b, o);
            this.bytes = b;
        }
        this.hash = Arrays.hashCode(bytes);
    }

    /** A CIDv0: the multihash must be a 32-byte sha2-256 digest, and the codec is implicitly dag-pb. */
    public static Cid v0(Multihash multihash) {
        if (!isV0Shape(multihash)) {
            throw new CidFormatException("CIDv0 needs a 32-byte sha2-256 multihash, got "
                    + Multicodec.nameOf(multihash.code()) + " of " + multihash.digestLength() + " bytes");
        }
        return new Cid(0, Multicodec.DAG_PB.code(), multihash);
    }

    public static Cid v1(long codec, Multihash multihash) {
        if (codec < 0) {
            throw new IllegalArgumentException("negative codec");
        }
        return new Cid(1, codec, multihash);
    }

    public static Cid v1(Multicodec codec, Multihash multihash) {
        return v1(codec.code(), multihash);
    }

    /** Hashes {@code data} and names it with {@code codec}; version 0 only for dag-pb with sha2-256. */
    public static Cid of(int version, Multicodec codec, HashFunction function, byte[] data) {
        Multihash mh = Multihash.digest(function, data);
        if (version == 0) {
            if (codec != Multicodec.DAG_PB) {
                throw new IllegalArgumentException("CIDv0 can only name dag-pb, not " + codec.codecName());
            }
            return v0(mh);
        }
        if (version != 1) {
            throw new IllegalArgumentException("unsupported CID version " + version);
        }
        return v1(codec, mh);
    }

    private static boolean isV0Shape(Multihash mh) {
        return mh.code() == Multicodec.SHA2_256.code() && mh.digestLength() == 32;
    }

    /** Parses the text form: a 46-character {@code Qm...} CIDv0, or any supported multibase of the binary form. */
    public static Cid parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new CidFormatException("empty CID");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            // base58/base36 decoding is quadratic; no real CID comes near this length.
            throw new CidFormatException("CID text of " + text.length() + " characters is longer than "
                    + MAX_TEXT_LENGTH);
        }
        try {
            if (text.length() == 46 && text.startsWith("Qm")) {
                return fromBytes(Multibase.BASE58_BTC.decodeRaw(text));
            }
            return fromBytes(Multibase.decode(text));
        } catch (MultibaseFormatException e) {
            throw new CidFormatException("invalid CID '" + abbreviate(text) + "': " + e.getMessage(), e);
        } catch (CidFormatException e) {
            throw new CidFormatException("invalid CID '" + abbreviate(text) + "': " + e.getMessage(), e);
        }
    }

    /** Parses exactly one CID occupying all of {@code bytes}. */
    public static Cid fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Cid cid = read(buf);
        if (buf.hasRemaining()) {
            throw new CidFormatException(buf.remaining() + " trailing bytes after CID");
        }
        return cid;
    }

    /**
     * Reads one CID from {@code buf}, advancing its position past it. A buffer that starts with {@code 0x12 0x20}
     * holds a CIDv0 (a bare multihash); anything else must start with version 1.
     */
    public static Cid read(ByteBuffer buf) {
        try {
            if (buf.remaining() >= 2 && buf.get(buf.position()) == 0x12 && buf.get(buf.position() + 1) == 0x20) {
                return v0(Multihash.read(buf));
            }
            long version = Varint.read(buf);
            if (version != 1) {
                throw new CidFormatException("unsupported CID version " + version);
            }
            long codec = Varint.read(buf);
            return new Cid(1, codec, Multihash.read(buf));
        } catch (VarintFormatException | MultihashFormatException e) {
            throw new CidFormatException(e.getMessage(), e);
        }
    }

    public int version() {
        return version;
    }

    /** The content codec's multicodec code ({@code 0x70} dag-pb for every CIDv0). */
    public long codec() {
        return codec;
    }

    public boolean isCodec(Multicodec m) {
        return codec == m.code();
    }

    public Multihash multihash() {
        return multihash;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public int byteLength() {
        return bytes.length;
    }

    public int writeTo(byte[] dest, int offset) {
        System.arraycopy(bytes, 0, dest, offset, bytes.length);
        return offset + bytes.length;
    }

    /** The same content named as CIDv1. */
    public Cid toV1() {
        return version == 1 ? this : new Cid(1, codec, multihash);
    }

    /** The same content named as CIDv0; only dag-pb with a 32-byte sha2-256 multihash has one. */
    public Cid toV0() {
        if (version == 0) {
            return this;
        }
        if (codec != Multicodec.DAG_PB.code()) {
            throw new CidFormatException("only dag-pb CIDs have a v0 form, not " + Multicodec.nameOf(codec));
        }
        return v0(multihash);
    }

    /** Text form in {@code base}; version 0 has only its base58btc form. */
    public String toString(Multibase base) {
        if (version == 0) {
            if (base != Multibase.BASE58_BTC) {
                throw new IllegalArgumentException("CIDv0 only prints in base58btc");
            }
            return Multibase.BASE58_BTC.encodeRaw(bytes);
        }
        return base.encode(bytes);
    }

    @Override
    public String toString() {
        return version == 0 ? Multibase.BASE58_BTC.encodeRaw(bytes) : Multibase.BASE32.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid && Arrays.equals(bytes, ((Cid) o).bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Cid o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
