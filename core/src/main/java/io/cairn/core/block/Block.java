package io.cairn.core.block;

import io.cairn.core.multiformats.Cid;

/**
 * A CID and the bytes it names. The constructor trusts its caller (the builders, which just hashed the bytes);
 * bytes from outside enter through {@link #verified(Cid, byte[])}.
 *
 * <p>The byte array is owned by the block and must not be modified by anyone once the block exists; {@link #data()}
 * returns it without copying because blocks of 1 MiB are passed through every layer.
 */
public final class Block {
    private final Cid cid;
    private final byte[] data;

    public Block(Cid cid, byte[] data) {
        this.cid = cid;
        this.data = data;
    }

    /** A block whose bytes were checked against the CID's multihash; throws {@link BlockVerificationException}. */
    public static Block verified(Cid cid, byte[] data) {
        cid.multihash().requireAllowed();
        if (!cid.multihash().matches(data)) {
            throw new BlockVerificationException("block data does not hash to " + cid);
        }
        return new Block(cid, data);
    }

    public Cid cid() {
        return cid;
    }

    /** The block's bytes, not copied: callers must not modify them. */
    public byte[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        return "Block(" + cid + ", " + data.length + " bytes)";
    }
}
