package io.cairn.storage.rocks;

import java.io.IOException;

/**
 * The disk holding the store is full. The write that hit it did not happen (RocksDB writes each batch whole or
 * not at all); the store stays readable and consistent, and accepts writes again after it is reopened with space
 * freed.
 */
public final class StoreFullException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
