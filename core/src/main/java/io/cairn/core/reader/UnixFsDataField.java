package io.cairn.core.reader;

/**
 * Finds the bytes of a UnixFS message's {@code Data} field (field 2) inside the encoded message, so the file
 * reader can write a leaf's contents straight from the block it came in rather than from copies of it.
 *
 * <p>Only ever used on a message that {@link io.cairn.core.unixfs.UnixFsData#fromBytes} has already accepted, and
 * only as a shortcut: anything it does not expect (a group, a truncated field) makes it answer "not found", and
 * the caller checks the length it finds against the decoded one and falls back to the decoded copy otherwise. As
 * protobuf reads a repeated non-repeated field, the last occurrence wins.
 */
final class UnixFsDataField {
    private static final int DATA = 2;

    private UnixFsDataField() {}

    /** {@code offset << 32 | length} of the last {@code Data} field in {@code message}, or -1. */
    static long locate(byte[] message) {
        return locate(message, 0, message.length);
    }

    /**
     * {@code offset << 32 | length} of the last {@code Data} field in the message at {@code buf[from, from + size)},
     * the offset counted from the start of {@code buf}; or -1.
     */
    static long locate(byte[] buf, int from, int size) {
        long found = -1;
        int end = from + size;
        int pos = from;
        while (pos < end) {
            long tag = 0;
            int shift = 0;
            while (true) {
                if (pos >= end || shift > 63) {
                    return -1;
                }
                byte b = buf[pos++];
                tag |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
                shift += 7;
            }
            switch ((int) (tag & 7)) {
                case 0 -> {
                    while (pos < end && buf[pos] < 0) {
                        pos++;
                    }
                    pos++;
                }
                case 1 -> pos += 8;
                case 5 -> pos += 4;
                case 2 -> {
                    long len = 0;
                    shift = 0;
                    while (true) {
                        if (pos >= end || shift > 35) {
                            return -1;
                        }
                        byte b = buf[pos++];
                        len |= (long) (b & 0x7F) << shift;
                        if (b >= 0) {
                            break;
                        }
                        shift += 7;
                    }
                    if (len > end - pos) {
                        return -1;
                    }
                    if (tag >>> 3 == DATA) {
                        found = (long) pos << 32 | len;
                    }
                    pos += (int) len;
                }
                default -> {
                    return -1;
                }
            }
        }
        return pos == end ? found : -1;
    }
}
