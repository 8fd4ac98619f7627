package io.cairn.network.noise;

import java.util.Arrays;

/**
 * libp2p's {@code NoiseHandshakePayload} protobuf, by hand:
 * <pre>
 *   optional bytes identity_key = 1;     // libp2p PublicKey protobuf
 *   optional bytes identity_sig = 2;     // signature over "noise-libp2p-static-key:" || Noise static key
 *   optional NoiseExtensions extensions = 4;
 * </pre>
 * We write fields 1 and 2 only. Reading follows protobuf rules (fields in any order, the last occurrence wins,
 * unknown fields such as {@code extensions} or the old {@code data = 3} skipped), but a field 1 or 2 of the wrong
 * wire type, a group, or a length past the end is a {@link NoiseHandshakeException}.
 */
record HandshakePayload(byte[] identityKey, byte[] identitySignature) {
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LENGTH_DELIMITED = 2;
    private static final int WIRE_FIXED32 = 5;

    byte[] encode() {
        int n = 1 + varintSize(identityKey.length) + identityKey.length
                + 1 + varintSize(identitySignature.length) + identitySignature.length;
        byte[] out = new byte[n];
        int o = writeBytesField(1, identityKey, out, 0);
        o = writeBytesField(2, identitySignature, out, o);
        assert o == n;
        return out;
    }

    static HandshakePayload decode(byte[] in) {
        byte[] key = null;
        byte[] sig = null;
        int[] pos = {0};
        while (pos[0] < in.length) {
            long tag = readVarint(in, pos);
            long field = tag >>> 3;
            int wire = (int) (tag & 7);
            if (field == 0) {
                throw new NoiseHandshakeException("handshake payload has a field numbered 0");
            }
            if (field == 1 || field == 2) {
                if (wire != WIRE_LENGTH_DELIMITED) {
                    throw new NoiseHandshakeException("handshake payload field " + field + " has wire type " + wire);
                }
                byte[] value = readLengthDelimited(in, pos);
                if (field == 1) {
                    key = value;
                } else {
                    sig = value;
                }
                continue;
            }
            switch (wire) {
                case WIRE_VARINT -> readVarint(in, pos);
                case WIRE_FIXED64 -> skip(in, pos, 8);
                case WIRE_LENGTH_DELIMITED -> skip(in, pos, readLength(in, pos));
                case WIRE_FIXED32 -> skip(in, pos, 4);
                default -> throw new NoiseHandshakeException("handshake payload has unsupported wire type " + wire);
            }
        }
        if (key == null || sig == null) {
            throw new NoiseHandshakeException("handshake payload lacks the identity "
                    + (key == null ? "key" : "signature"));
        }
        return new HandshakePayload(key, sig);
    }

    private static byte[] readLengthDelimited(byte[] in, int[] pos) {
        int len = readLength(in, pos);
        byte[] value = Arrays.copyOfRange(in, pos[0], pos[0] + len);
        pos[0] += len;
        return value;
    }

    private static int readLength(byte[] in, int[] pos) {
        long len = readVarint(in, pos);
        if (len < 0 || len > in.length - pos[0]) {
            throw new NoiseHandshakeException("handshake payload field length " + Long.toUnsignedString(len)
                    + " runs past its end");
        }
        return (int) len;
    }

    private static void skip(byte[] in, int[] pos, int n) {
        if (n > in.length - pos[0]) {
            throw new NoiseHandshakeException("handshake payload is truncated");
        }
        pos[0] += n;
    }

    private static long readVarint(byte[] in, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= in.length) {
                throw new NoiseHandshakeException("handshake payload ends inside a varint");
            }
            int b = in[pos[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new NoiseHandshakeException("handshake payload has a varint longer than 10 bytes");
    }

    private static int writeBytesField(int field, byte[] value, byte[] out, int o) {
        out[o++] = (byte) (field << 3 | WIRE_LENGTH_DELIMITED);
        int v = value.length;
        while (v >= 0x80) {
            out[o++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        out[o++] = (byte) v;
        System.arraycopy(value, 0, out, o, value.length);
        return o + value.length;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }
}
