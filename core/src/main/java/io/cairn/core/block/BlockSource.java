package io.cairn.core.block;

import io.cairn.core.multiformats.Cid;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous block reads: the local store, the network, or both. The future completes with a block verified
 * against {@code cid}, or exceptionally with {@link BlockNotFoundException} when no source has it.
 */
@FunctionalInterface
public interface BlockSource {
    CompletableFuture<Block> get(Cid cid);

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
