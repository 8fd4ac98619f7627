package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;

/**
 * A pin change contradicts the existing pin: a direct pin asked for a recursively pinned CID, or a non-recursive
 * unpin of a recursive pin.
 */
public final class PinConflictException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public PinConflictException(Cid cid, String message) {
        super(message);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
