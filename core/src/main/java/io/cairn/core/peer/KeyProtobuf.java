package io.cairn.core.peer;

import io.cairn.core.multiformats.Varint;
import io.cairn.core.multiformats.VarintFormatException;
import java.nio.ByteBuffer;

/**
 * libp2p's key message, shared by {@code PublicKey} and {@code PrivateKey}:
 * {@code required KeyType Type = 1; required bytes Data = 2;} (proto2). Encoded by hand because libp2p demands one
 * deterministic encoding (peer IDs hash these bytes): fields in tag order, minimal varints, both fields present,
 * nothing else.
 *
 * <p>Decoding is strict where leniency could only hide corruption: each field exactly once, no unknown fields, no
 * trailing bytes. It accepts the two fields in either order, as protobuf decoders do; callers re-encode, so a key
 * read from a peer is hashed in its canonical form.
 */
final class KeyProtobuf {
    /** Far above any real key: an RSA-8192 private key in PKCS#1 DER is about 4.7 KB. */
    static final int MAX_DATA = 16 * 1024;

    private static final int TAG_TYPE = 1 << 3;             // field 1, wire type 0 (varint)
    private static final int TAG_DATA = (2 << 3) | 2;       // field 2, wire type 2 (length-delimited)

    record Decoded(KeyType type, byte[] data) {}

    private KeyProtobuf() {}

    static byte[] encode(KeyType type, byte[] data) {
        int n = 1 + Varint.size(type.number()) + 1 + Varint.size(data.length) + data.length;
        byte[] out = new byte[n];
        int o = Varint.write(TAG_TYPE, out, 0);
        o = Varint.write(type.number(), out, o);
        o = Varint.write(TAG_DATA, out, o);
        o = Varint.write(data.length, out, o);
        System.arraycopy(data, 0, out, o, data.length);
        return out;
    }

    /** Decodes one key message occupying all of {@code bytes}; {@code what} names it in errors. */
    static Decoded decode(byte[] bytes, String what) {
        if (bytes == null) {
            throw new KeyFormatException(what + " is missing");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        KeyType type = null;
        byte[] data = null;
        try {
            while (buf.hasRemaining()) {
                long tag = Varint.read(buf);
                if (tag == TAG_TYPE) {
                    if (type != null) {
                        throw new KeyFormatException(what + " has two Type fields");
                    }
                    type = KeyType.forNumber(Varint.read(buf));
                } else if (tag == TAG_DATA) {
                    if (data != null) {
                        throw new KeyFormatException(what + " has two Data fields");
                    }
                    long len = Varint.read(buf);
                    if (len > MAX_DATA || len > buf.remaining()) {
                        throw new KeyFormatException(what + " Data of " + len + " bytes is truncated or too long");
                    }
                    data = new byte[(int) len];
                    buf.get(data);
                } else {
                    throw new KeyFormatException(what + " has an unexpected field (tag " + tag + ")");
                }
            }
        } catch (VarintFormatException e) {
            throw new KeyFormatException(what + " is not a valid protobuf: " + e.getMessage(), e);
        }
        if (type == null || data == null) {
            throw new KeyFormatException(what + " lacks its " + (type == null ? "Type" : "Data") + " field");
        }
        return new Decoded(type, data);
    }
}
