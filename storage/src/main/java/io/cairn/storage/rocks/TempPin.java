package io.cairn.storage.rocks;

/**
 * Keeps blocks from garbage collection while it is open, whether or not they are pinned or even stored yet.
 * In memory only: a restart drops every temporary pin. Closing twice is harmless.
 */
public interface TempPin extends AutoCloseable {
    @Override
    void close();
}
