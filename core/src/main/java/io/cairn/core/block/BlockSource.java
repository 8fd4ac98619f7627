package io.cairn.core.block;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous block reads: the local store, the network, or both. The future completes with a block verified
 * against {@code cid}, or exceptionally with {@link BlockNotFoundException} when no source has it.
 */
@FunctionalInterface
public interface BlockSource {
    CompletableFuture<Block> get(Cid cid);

    /**
     * Waits for a fetch and hands back its block, unwrapping the future's failure: a runtime exception (a typed
     * format error, {@link BlockNotFoundException}) or {@link IOException} is rethrown as itself.
     */
    static Block await(CompletableFuture<Block> fetch, Cid cid) throws IOException {
        try {
            return fetch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while fetching " + cid);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            if (c instanceof IOException) {
                throw (IOException) c;
            }
            throw new IOException(c);
        }
    }

    /** A source backed by a store, reading on the calling thread. */
    static BlockSource of(BlockStore store) {
        return cid -> {
            try {
                return store.get(cid)
                        .map(CompletableFuture::completedFuture)
                        .orElseGet(() -> CompletableFuture.failedFuture(new BlockNotFoundException(cid)));
            } catch (java.io.IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
