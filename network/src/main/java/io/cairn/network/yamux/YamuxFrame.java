package io.cairn.network.yamux;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Yamux frame: the 12-byte header (version 0, type, flags, stream ID, length) and, for data frames only, the
 * body. The meaning of {@code length} depends on the type: body size (data), window delta (window update), opaque
 * value (ping), error code (go-away). It is an unsigned 32-bit value kept in an {@code int}; so is the stream ID.
 */
final class YamuxFrame {
    static final int HEADER_LENGTH = 12;
    static final int VERSION = 0;

    static final int SYN = 0x1;
    static final int ACK = 0x2;
    static final int FIN = 0x4;
    static final int RST = 0x8;

    static final int GO_AWAY_NORMAL = 0;
    static final int GO_AWAY_PROTOCOL_ERROR = 1;
    static final int GO_AWAY_INTERNAL_ERROR = 2;

    private static final byte[] NO_BODY = new byte[0];

    enum Type {
        DATA, WINDOW_UPDATE, PING, GO_AWAY;

        private static final Type[] BY_CODE = values();

        int code() {
            return ordinal();
        }

        /** The type with this wire code, or null. */
        static Type of(int code) {
            return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    private final Type type;
    private final int flags;
    private final int streamId;
    private final int length;
    private final byte[] body;

    private YamuxFrame(Type type, int flags, int streamId, int length, byte[] body) {
        if ((flags & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("flags are 16 bits: " + flags);
        }
        this.type = Objects.requireNonNull(type);
        this.flags = flags;
        this.streamId = streamId;
        this.length = length;
        this.body = body;
    }

    /** A data frame; {@code body} is kept, not copied. */
    static YamuxFrame data(int streamId, int flags, byte[] body) {
        return new YamuxFrame(Type.DATA, flags, streamId, body.length, body);
    }

    static YamuxFrame windowUpdate(int streamId, int flags, int delta) {
        return new YamuxFrame(Type.WINDOW_UPDATE, flags, streamId, delta, NO_BODY);
    }

    static YamuxFrame ping(int flags, int opaque) {
        return new YamuxFrame(Type.PING, flags, 0, opaque, NO_BODY);
    }

    static YamuxFrame goAway(int code) {
        return new YamuxFrame(Type.GO_AWAY, 0, 0, code, NO_BODY);
    }

    /** A frame of any type with any stream ID (tests build malformed-but-decodable frames with it). */
    static YamuxFrame of(Type type, int flags, int streamId, int length, byte[] body) {
        if (type == Type.DATA) {
            if (body.length != length) {
                throw new IllegalArgumentException("data length " + length + " != body " + body.length);
            }
            return new YamuxFrame(type, flags, streamId, length, body);
        }
        if (body.length != 0) {
            throw new IllegalArgumentException(type + " frames carry no body");
        }
        return new YamuxFrame(type, flags, streamId, length, NO_BODY);
    }

    Type type() {
        return type;
    }

    int flags() {
        return flags;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    int streamId() {
        return streamId;
    }

    int length() {
        return length;
    }

    /** The body of a data frame (empty for the other types); the caller must not modify it. */
    byte[] body() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YamuxFrame f && type == f.type && flags == f.flags && streamId == f.streamId
                && length == f.length && Arrays.equals(body, f.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, flags, streamId, length, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "YamuxFrame{" + type + " flags=" + flags + " stream=" + Integer.toUnsignedString(streamId)
                + " length=" + Integer.toUnsignedString(length) + "}";
    }
}
