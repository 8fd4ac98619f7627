package io.cairn.network.wire;

import java.util.Arrays;

/**
 * Accumulates bytes that arrive in arbitrary chunks and cuts them into uvarint-length-prefixed frames.
 *
 * <p>Invariant: the buffer holds {@code [start, end)} of unconsumed bytes; a frame is handed out only when all of
 * its bytes are present, and its length is checked against the maximum as soon as the prefix is complete, so a
 * hostile length never causes an allocation larger than the maximum. Not thread-safe.
 */
public final class FrameBuffer {
    /** A uvarint of a length that fits an int never needs more than 5 bytes. */
    private static final int MAX_PREFIX_BYTES = 5;

    private byte[] buf = new byte[256];
    private int start;
    private int end;

    /** Appends {@code data[offset, offset+length)}. */
    public void append(byte[] data, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(data, offset, buf, end, length);
        end += length;
    }

    public void append(byte[] data) {
        append(data, 0, data.length);
    }

    /** Bytes held and not yet returned. */
    public int available() {
        return end - start;
    }

    /**
     * The next complete frame's payload, or {@code null} when more bytes are needed.
     *
     * @throws FrameFormatException if the prefix is not a minimal uvarint or announces more than {@code maxLength}
     */
    public byte[] nextFrame(int maxLength) {
        long length = 0;
        int i = 0;
        for (; ; i++) {
            if (start + i >= end) {
                return null;
            }
            if (i >= MAX_PREFIX_BYTES) {
                throw new FrameFormatException("frame length prefix longer than " + MAX_PREFIX_BYTES + " bytes");
            }
            int b = buf[start + i] & 0xFF;
            length |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new FrameFormatException("frame length is not a minimal varint");
                }
                break;
            }
        }
        if (length > maxLength) {
            throw new FrameFormatException("frame of " + length + " bytes exceeds the maximum of " + maxLength);
        }
        int prefix = i + 1;
        if (end - start - prefix < length) {
            return null;
        }
        byte[] frame = Arrays.copyOfRange(buf, start + prefix, start + prefix + (int) length);
        start += prefix + (int) length;
        compactIfEmpty();
        return frame;
    }

    /** Removes and returns every byte held (for handing the rest of a stream to the next protocol). */
    public byte[] drain() {
        byte[] rest = Arrays.copyOfRange(buf, start, end);
        start = 0;
        end = 0;
        return rest;
    }

    /** Encodes one frame: the uvarint length of {@code payload}, then the payload. */
    public static byte[] frame(byte[] payload) {
        int n = payload.length;
        int prefix = 1;
        for (int v = n >>> 7; v != 0; v >>>= 7) {
            prefix++;
        }
        byte[] out = new byte[prefix + n];
        int p = 0;
        int v = n;
        while ((v & ~0x7F) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        System.arraycopy(payload, 0, out, p, n);
        return out;
    }

    private void compactIfEmpty() {
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    private void ensureRoom(int more) {
        if (buf.length - end >= more) {
            return;
        }
        int live = end - start;
        if (start > 0 && buf.length - live >= more && live < buf.length / 2) {
            System.arraycopy(buf, start, buf, 0, live);
        } else {
            long want = Math.max((long) live + more, (long) buf.length * 2);
            if (want > Integer.MAX_VALUE - 8) {
                throw new FrameFormatException("frame buffer would exceed 2 GiB");
            }
            byte[] grown = new byte[(int) want];
            System.arraycopy(buf, start, grown, 0, live);
            buf = grown;
        }
        start = 0;
        end = live;
    }
}
