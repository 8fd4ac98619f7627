package io.cairn.storage.rocks;

import java.io.IOException;

/** A write asked of a store opened read-only. */
public final class ReadOnlyStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public ReadOnlyStoreException(String message) {
        super(message);
    }
}
