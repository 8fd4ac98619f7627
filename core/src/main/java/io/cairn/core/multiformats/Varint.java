package io.cairn.core.multiformats;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints as multiformats uses them: at most 9 bytes (63 bits), and minimally encoded, so that a
 * value has exactly one encoding (a trailing 0x00 continuation byte is rejected).
 */
public final class Varint {
    /** The longest encoding accepted: 9 bytes carry 63 bits. */
    public static final int MAX_BYTES = 9;

    private Varint() {}

    /** Number of bytes {@code value} takes when encoded. */
    public static int size(long value) {
        requireUnsigned(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset}; returns the offset after it. */
    public static int write(long value, byte[] dest, int offset) {
        requireUnsigned(value);
        while ((value & ~0x7FL) != 0) {
            dest[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        dest[offset++] = (byte) value;
        return offset;
    }

    public static void write(long value, ByteArrayOutputStream out) {
        byte[] b = new byte[MAX_BYTES];
        int n = write(value, b, 0);
        out.write(b, 0, n);
    }

    /** Decodes the varint at {@code offset}; the caller learns its length from {@link #size(long)}. */
    public static long decode(byte[] src, int offset) {
        return decode(src, offset, src.length);
    }

    /** Decodes the varint starting at {@code offset}, reading no byte at or past {@code limit}. */
    public static long decode(byte[] src, int offset, int limit) {
        if (offset < 0 || offset > limit || limit > src.length) {
            throw new VarintFormatException("truncated varint");
        }
        return read(ByteBuffer.wrap(src, offset, limit - offset));
    }

    /** Reads one varint from {@code buf}, advancing its position. */
    public static long read(ByteBuffer buf) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!buf.hasRemaining()) {
                throw new VarintFormatException("truncated varint");
            }
            int b = buf.get() & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new VarintFormatException("varint is not minimally encoded");
                }
                return value;
            }
        }
        throw new VarintFormatException("varint longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Reads one varint from a stream. Returns -1 if the stream ends before the first byte (a clean end); a stream
     * that ends inside the varint raises {@link EOFException}.
     */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new EOFException("stream ended inside a varint");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new VarintFormatException("varint is not minimally encoded");
                }
                return value;
            }
        }
        throw new VarintFormatException("varint longer than " + MAX_BYTES + " bytes");
    }

    private static void requireUnsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned: " + value);
        }
    }
}
