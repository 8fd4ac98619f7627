package io.cairn.core.car;

/**
 * The fixed 40-byte CARv2 header that follows the pragma: a 16-byte characteristics bitfield, then the data offset,
 * data size and index offset as unsigned little-endian 64-bit integers. Offsets count from the first byte of the
 * pragma.
 *
 * <p>Invariants after {@link #parse}: {@code dataOffset >= 51} (pragma plus header, as go-car requires),
 * {@code dataSize > 0}, {@code dataOffset + dataSize} does not overflow, and {@code indexOffset} is either 0 (no
 * index) or at or after the end of the data payload, as the spec requires.
 */
record CarV2Header(long characteristicsHi, long characteristicsLo, long dataOffset, long dataSize, long indexOffset) {
    static final int PRAGMA_LENGTH = 11;
    static final int LENGTH = 40;

    long dataEnd() {
        return dataOffset + dataSize;
    }

    static CarV2Header parse(byte[] b) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("CARv2 header is " + LENGTH + " bytes");
        }
        long hi = littleEndian(b, 0);
        long lo = littleEndian(b, 8);
        long dataOffset = unsigned(littleEndian(b, 16), "data offset");
        long dataSize = unsigned(littleEndian(b, 24), "data size");
        long indexOffset = unsigned(littleEndian(b, 32), "index offset");
        if (dataOffset < PRAGMA_LENGTH + LENGTH) {
            throw new CarFormatException("CARv2 data offset " + dataOffset + " points inside the CARv2 header");
        }
        if (dataSize == 0) {
            throw new CarFormatException("CARv2 data size is 0");
        }
        if (dataSize > Long.MAX_VALUE - dataOffset) {
            throw new CarFormatException("CARv2 data offset " + dataOffset + " plus size " + dataSize
                    + " overflows");
        }
        if (indexOffset != 0 && indexOffset < dataOffset + dataSize) {
            throw new CarFormatException("CARv2 index offset " + indexOffset + " is inside the data payload "
                    + "ending at " + (dataOffset + dataSize));
        }
        return new CarV2Header(hi, lo, dataOffset, dataSize, indexOffset);
    }

    private static long unsigned(long value, String what) {
        if (value < 0) {
            throw new CarFormatException("CARv2 " + what + " " + Long.toUnsignedString(value) + " is too large");
        }
        return value;
    }

    private static long littleEndian(byte[] b, int offset) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        return v;
    }
}
