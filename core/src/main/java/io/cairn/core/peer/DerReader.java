package io.cairn.core.peer;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A strict reader of the few DER elements libp2p's key encodings use (SEQUENCE, INTEGER, OBJECT IDENTIFIER, NULL,
 * BIT STRING), over a window of a byte array. It rejects what Go's {@code encoding/asn1} and {@code cryptobyte}
 * reject, so a key Go refuses to parse is refused here too: indefinite and non-minimal lengths, lengths past the end,
 * non-minimal or empty INTEGERs, and (where the caller says so) trailing bytes.
 *
 * <p>Every failure is a {@link KeyFormatException}; the reader never indexes outside its window and never allocates
 * more than the input's own size, whatever a length field claims.
 */
final class DerReader {
    static final int TAG_INTEGER = 0x02;
    static final int TAG_BIT_STRING = 0x03;
    static final int TAG_NULL = 0x05;
    static final int TAG_OID = 0x06;
    static final int TAG_SEQUENCE = 0x30;

    private final byte[] in;
    private final int end;
    private int pos;

    private DerReader(byte[] in, int from, int end) {
        this.in = in;
        this.pos = from;
        this.end = end;
    }

    static DerReader of(byte[] in) {
        return new DerReader(in, 0, in.length);
    }

    boolean hasMore() {
        return pos < end;
    }

    /** Fails unless every byte of the window was read. */
    void expectEnd(String what) {
        if (pos != end) {
            throw new KeyFormatException(what + " has " + (end - pos) + " trailing bytes");
        }
    }

    /** Reads a SEQUENCE and returns a reader over its contents; this reader moves past it. */
    DerReader sequence(String what) {
        int len = header(TAG_SEQUENCE, what);
        DerReader inner = new DerReader(in, pos, pos + len);
        pos += len;
        return inner;
    }

    /** The content octets of an OBJECT IDENTIFIER, for comparison with known encodings. */
    byte[] oid(String what) {
        int len = header(TAG_OID, what);
        if (len == 0) {
            throw new KeyFormatException(what + " is an empty object identifier");
        }
        return take(len);
    }

    void nul(String what) {
        if (header(TAG_NULL, what) != 0) {
            throw new KeyFormatException(what + " is a NULL with content");
        }
    }

    /** A BIT STRING's bytes; only whole-byte strings (no unused bits) are keys, so any other is refused. */
    byte[] bitString(String what) {
        int len = header(TAG_BIT_STRING, what);
        if (len == 0 || in[pos] != 0) {
            throw new KeyFormatException(what + " is not a whole-byte BIT STRING");
        }
        pos++;
        return take(len - 1);
    }

    /** A minimally encoded INTEGER, which may be negative (callers check the range they need). */
    BigInteger integer(String what) {
        int len = header(TAG_INTEGER, what);
        if (len == 0) {
            throw new KeyFormatException(what + " is an empty INTEGER");
        }
        if (len > 1 && ((in[pos] == 0 && (in[pos + 1] & 0x80) == 0) || (in[pos] == -1 && (in[pos + 1] & 0x80) != 0))) {
            throw new KeyFormatException(what + " is not a minimally encoded INTEGER");
        }
        BigInteger value = new BigInteger(in, pos, len);
        pos += len;
        return value;
    }

    private byte[] take(int len) {
        byte[] out = Arrays.copyOfRange(in, pos, pos + len);
        pos += len;
        return out;
    }

    /** Reads the tag (which must be {@code tag}) and the definite, minimal length; checks it fits the window. */
    private int header(int tag, String what) {
        if (end - pos < 2) {
            throw new KeyFormatException(what + " is truncated");
        }
        int actual = in[pos++] & 0xff;
        if (actual != tag) {
            throw new KeyFormatException(what + " has tag 0x" + Integer.toHexString(actual) + ", expected 0x"
                    + Integer.toHexString(tag));
        }
        int first = in[pos++] & 0xff;
        int len;
        if (first < 0x80) {
            len = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 3 || end - pos < n) {
                // 0x80 is BER's indefinite length; more than 3 length bytes cannot fit a key message.
                throw new KeyFormatException(what + " has an unsupported or truncated length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (in[pos++] & 0xff);
            }
            if (len < 0x80 || (n > 1 && len < (1 << (8 * (n - 1))))) {
                throw new KeyFormatException(what + " has a non-minimal length");
            }
        }
        if (len > end - pos) {
            throw new KeyFormatException(what + " claims " + len + " bytes, only " + (end - pos) + " remain");
        }
        return len;
    }
}
