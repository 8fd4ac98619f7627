package io.cairn.gateway;

import io.cairn.core.multiformats.Cid;

/** A {@code Cache-Control: only-if-cached} request needs a block that is not held locally: 412. */
final class NotCachedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotCachedException(Cid cid) {
        super("block " + cid + " is not in the local store (only-if-cached)");
    }
}
