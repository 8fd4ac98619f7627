package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Multihash;
import java.io.IOException;

/** A stored block's bytes no longer hash to its key (found by a read with hash-on-read, or by a verify). */
public final class CorruptBlockException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Multihash multihash;

    /** @param name how the caller named the block (its CID, or the multihash) */
    public CorruptBlockException(Multihash multihash, String name) {
        super("stored block " + name + " is corrupt: its bytes do not hash to " + multihash);
        this.multihash = multihash;
    }

    /** For a block whose stored record fails its own check before any hashing ({@code detail} says how). */
    CorruptBlockException(Multihash multihash, String name, IOException detail) {
        super("stored block " + name + " is corrupt: " + detail.getMessage(), detail);
        this.multihash = multihash;
    }

    public Multihash multihash() {
        return multihash;
    }
}
