package io.cairn.core.block;

import io.cairn.core.multiformats.Cid;

/** No source could produce the block named by {@link #cid()}. */
public final class BlockNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public BlockNotFoundException(Cid cid) {
        super("block not found: " + cid);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
