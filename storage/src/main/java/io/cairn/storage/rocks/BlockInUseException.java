package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Multihash;
import java.io.IOException;

/** A block delete refused because a pin keeps the block or an add in progress holds it. */
public final class BlockInUseException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Multihash multihash;

    public BlockInUseException(Multihash multihash, String message) {
        super(message);
        this.multihash = multihash;
    }

    public Multihash multihash() {
        return multihash;
    }
}
