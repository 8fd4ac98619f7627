package io.cairn.testnet.inproc;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.network.bitswap.Bitswap;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What an in-process node's gateway reads: the node's store, else Bitswap (which finds providers through the DHT and
 * verifies every block against its CID). A fetched block is kept and offered to Bitswap, so the node serves it next,
 * as the daemon's {@code NetworkBlockSource} does (that class is the daemon's own; this is the in-memory equivalent,
 * without the daemon's I/O pool: a memory store's put never blocks, so it runs where the fetch completes).
 * Cancelling the returned future cancels the want.
 */
final class StoreThenNetwork implements BlockSource {
    private final BlockStore store;
    private final Bitswap bitswap;

    StoreThenNetwork(BlockStore store, Bitswap bitswap) {
        this.store = store;
        this.bitswap = bitswap;
    }

    @Override
    public CompletableFuture<Block> get(Cid cid) {
        Optional<Block> local;
        try {
            local = store.get(cid);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (local.isPresent()) {
            return CompletableFuture.completedFuture(local.get());
        }
        CompletableFuture<Block> fetch = bitswap.get(cid);
        CompletableFuture<Block> result = new CompletableFuture<>();
        fetch.whenComplete((block, error) -> {
            if (error != null) {
                result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
                return;
            }
            try {
                store.put(block);
                bitswap.blocksAdded(List.of(block.cid()));
                result.complete(block);
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        result.whenComplete((b, e) -> {
            if (result.isCancelled()) {
                fetch.cancel(true);
            }
        });
        return result;
    }
}
