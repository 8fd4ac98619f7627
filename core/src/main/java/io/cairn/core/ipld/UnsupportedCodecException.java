package io.cairn.core.ipld;

import io.cairn.core.multiformats.Multicodec;

/**
 * A block of a codec whose links Cairn cannot read, so a walk cannot know what lies below it. Kubo refuses a
 * recursive pin through such a block ("no decoder registered"); so does Cairn.
 */
public final class UnsupportedCodecException extends IpldFormatException {
    private static final long serialVersionUID = 1L;

    private final long codec;

    public UnsupportedCodecException(long codec) {
        super("cannot read links from a block of codec " + Multicodec.nameOf(codec)
                + " (Cairn reads dag-pb, dag-cbor and dag-json; raw, identity, json, cbor and libp2p-key have none)");
        this.codec = codec;
    }

    /** The codec's multicodec code. */
    public long codec() {
        return codec;
    }
}
