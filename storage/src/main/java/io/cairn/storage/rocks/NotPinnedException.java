package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;

/** An unpin or pin update names a CID that has no pin of the kind it needs. */
public final class NotPinnedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public NotPinnedException(Cid cid, String message) {
        super(message);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
