package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;

/** A pin needs a block that is not stored. */
public final class MissingBlockException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public MissingBlockException(Cid cid) {
        super("block " + cid + " is not stored locally");
        this.cid = cid;
    }

    /** The first missing block found. */
    public Cid cid() {
        return cid;
    }
}
