package io.cairn.core.car;

import io.cairn.core.multiformats.Varint;
import io.cairn.core.multiformats.VarintFormatException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The byte stream under a {@link CarReader}. It counts the bytes consumed (error messages give offsets from the
 * start of the CAR) and enforces an optional limit, the end of a CARv2's data payload, past which nothing is read.
 *
 * <p>Invariant: {@code position <= limit}. A stream that ends before the bytes a length promised raises
 * {@link CarFormatException}; errors of the stream itself stay {@link IOException}.
 */
final class CarInput implements Closeable {
    static final long NO_LIMIT = Long.MAX_VALUE;
    /** Arrays up to this size are allocated at once; larger reads grow with the bytes that actually arrive. */
    private static final int EAGER_ALLOCATION = 1 << 20;

    private final InputStream in;
    private long position;
    private long limit = NO_LIMIT;

    CarInput(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    long position() {
        return position;
    }

    long limit() {
        return limit;
    }

    /** Stops reading at stream offset {@code end}. */
    void limitTo(long end) {
        if (end < position) {
            throw new IllegalArgumentException("limit " + end + " is behind position " + position);
        }
        limit = end;
    }

    /**
     * Reads an unsigned varint (a header or section length). Returns -1 if the stream ends before its first byte
     * and there is no limit: only a CARv1 may end there; inside a CARv2 payload the stream must reach the limit.
     */
    long readLengthPrefix(String what) throws IOException {
        byte[] bytes = new byte[Varint.MAX_BYTES];
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            if (position >= limit) {
                throw new CarFormatException(what + " runs past the end of the CARv2 data payload at " + limit);
            }
            int b = in.read();
            if (b < 0) {
                if (i == 0 && limit == NO_LIMIT) {
                    return -1;
                }
                throw truncated(what);
            }
            position++;
            bytes[i] = (byte) b;
            if ((b & 0x80) == 0) {
                return decodeVarint(bytes, 0, i + 1, what);
            }
        }
        throw new CarFormatException(what + " is a varint longer than " + Varint.MAX_BYTES + " bytes");
    }

    /** One byte of a structure that must end by stream offset {@code end} (a section's end). */
    int readByteBefore(long end, String what) throws IOException {
        if (position >= end) {
            throw new CarFormatException(what + " runs past the end of its section");
        }
        int b = in.read();
        if (b < 0) {
            throw truncated(what);
        }
        position++;
        return b;
    }

    /** Fails unless {@code length} more bytes fit before the limit. */
    void requireWithinLimit(long length, String what) {
        if (length > limit - position) {
            throw new CarFormatException(what + " of " + length + " bytes runs past the end of the CARv2 data "
                    + "payload at " + limit);
        }
    }

    /**
     * Reads exactly {@code n} bytes. Up to {@link #EAGER_ALLOCATION} the array is allocated at once; beyond that it
     * grows as bytes arrive, so a length prefix alone cannot make the reader allocate a large array. Callers check
     * {@code n} against the limit first.
     */
    byte[] readExactly(int n, String what) throws IOException {
        if (n <= EAGER_ALLOCATION) {
            byte[] out = new byte[n];
            readFully(out, 0, n, what);
            return out;
        }
        byte[] out = new byte[EAGER_ALLOCATION];
        int filled = 0;
        while (filled < n) {
            if (filled == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            int chunk = out.length - filled;
            readFully(out, filled, chunk, what);
            filled += chunk;
        }
        return out;
    }

    void readFully(byte[] dest, int offset, int n, String what) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(dest, offset + done, n - done);
            if (r < 0) {
                throw truncated(what);
            }
            done += r;
            position += r;
        }
    }

    void skip(long n, String what) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long left = n;
        while (left > 0) {
            int r = in.read(scratch, 0, (int) Math.min(left, scratch.length));
            if (r < 0) {
                throw truncated(what);
            }
            left -= r;
            position += r;
        }
    }

    static long decodeVarint(byte[] bytes, int offset, int end, String what) {
        try {
            return Varint.decode(bytes, offset, end);
        } catch (VarintFormatException e) {
            throw new CarFormatException(what + ": " + e.getMessage(), e);
        }
    }

    private CarFormatException truncated(String what) {
        return new CarFormatException("stream ends inside " + what + " (after " + position + " bytes)");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
