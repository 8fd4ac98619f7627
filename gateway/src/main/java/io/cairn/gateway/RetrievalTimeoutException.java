package io.cairn.gateway;

import io.cairn.core.multiformats.Cid;
import java.time.Duration;

/** A block was not retrieved within the gateway's retrieval timeout; the gateway answers 504. */
public final class RetrievalTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public RetrievalTimeoutException(Cid cid, Duration timeout) {
        super("retrieving " + cid + " took longer than " + timeout.toMillis() + " ms");
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
