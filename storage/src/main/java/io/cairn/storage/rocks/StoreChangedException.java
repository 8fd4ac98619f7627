package io.cairn.storage.rocks;

import java.io.IOException;

/**
 * A read-only store could not finish a read because the process writing the store removed files this view still
 * referred to (a compaction or a garbage collection after the view was opened). Opening the store again sees the
 * current files; the data is intact.
 */
public final class StoreChangedException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
