package io.cairn.gateway;

import io.cairn.core.multiformats.Cid;

/**
 * A network-backed block source could not retrieve a block for a reason that may pass (no provider found, every
 * provider failed). The gateway answers 502 with {@code Retry-After}; a block that is known not to exist stays
 * {@link io.cairn.core.block.BlockNotFoundException} (404).
 */
public final class RetrievalFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public RetrievalFailedException(Cid cid, String reason) {
        super("could not retrieve " + cid + ": " + reason);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
