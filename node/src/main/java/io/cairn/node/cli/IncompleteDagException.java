package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import io.cairn.storage.rocks.MissingBlockException;
import java.io.IOException;

/** A root could not be pinned because a block of its DAG is not stored; nothing was pinned. */
final class IncompleteDagException extends IOException {
    private static final long serialVersionUID = 1L;

    IncompleteDagException(Cid root, MissingBlockException cause) {
        super("pinning root \"" + root + "\" FAILED: block not found locally: " + cause.cid()
                + " (nothing was pinned)", cause);
    }
}
