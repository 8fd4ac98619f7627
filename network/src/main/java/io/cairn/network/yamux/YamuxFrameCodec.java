package io.cairn.network.yamux;

import io.netty.buffer.ByteBuf;

/**
 * Encodes and decodes Yamux frames (big-endian 12-byte header, then the body of a data frame). Decoding is bounded:
 * a data frame longer than the caller's maximum is rejected from its header alone, before any body is buffered.
 * Nothing here retains a {@link ByteBuf}; bodies are copied into arrays.
 */
final class YamuxFrameCodec {
    private YamuxFrameCodec() {
    }

    /** A decoded header; for a data frame {@code length} is the body size still to be read. */
    record Header(YamuxFrame.Type type, int flags, int streamId, int length) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    static void writeHeader(ByteBuf out, YamuxFrame.Type type, int flags, int streamId, int length) {
        out.writeByte(YamuxFrame.VERSION);
        out.writeByte(type.code());
        out.writeShort(flags);
        out.writeInt(streamId);
        out.writeInt(length);
    }

    static void encode(YamuxFrame frame, ByteBuf out) {
        writeHeader(out, frame.type(), frame.flags(), frame.streamId(), frame.length());
        out.writeBytes(frame.body());
    }

    /**
     * Reads one header from {@code in}, which must hold at least {@link YamuxFrame#HEADER_LENGTH} readable bytes.
     *
     * @throws YamuxFormatException for a version other than 0, an unknown type, or a data length past
     *         {@code maxDataLength}
     */
    static Header decodeHeader(ByteBuf in, int maxDataLength) {
        int version = in.readUnsignedByte();
        int typeCode = in.readUnsignedByte();
        int flags = in.readUnsignedShort();
        int streamId = in.readInt();
        int length = in.readInt();
        if (version != YamuxFrame.VERSION) {
            throw new YamuxFormatException("unsupported yamux version " + version);
        }
        YamuxFrame.Type type = YamuxFrame.Type.of(typeCode);
        if (type == null) {
            throw new YamuxFormatException("unknown yamux frame type " + typeCode);
        }
        if (type == YamuxFrame.Type.DATA && Integer.toUnsignedLong(length) > maxDataLength) {
            throw new YamuxFormatException("data frame of " + Integer.toUnsignedString(length)
                    + " bytes exceeds the maximum of " + maxDataLength);
        }
        return new Header(type, flags, streamId, length);
    }

    /**
     * Decodes one whole frame, or returns null (consuming nothing) when {@code in} does not hold one yet.
     *
     * @throws YamuxFormatException as {@link #decodeHeader}
     */
    static YamuxFrame decode(ByteBuf in, int maxDataLength) {
        if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
            return null;
        }
        int start = in.readerIndex();
        Header h = decodeHeader(in, maxDataLength);
        if (h.type() != YamuxFrame.Type.DATA) {
            return YamuxFrame.of(h.type(), h.flags(), h.streamId(), h.length(), new byte[0]);
        }
        if (in.readableBytes() < h.length()) {
            in.readerIndex(start);
            return null;
        }
        byte[] body = new byte[h.length()];
        in.readBytes(body);
        return YamuxFrame.data(h.streamId(), h.flags(), body);
    }
}
