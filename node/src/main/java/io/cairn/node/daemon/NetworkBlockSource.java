package io.cairn.node.daemon;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockExchange;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Reads a block from the local store, else from the network, and keeps what the network gave (unpinned, so a
 * later garbage collection may drop it, as a gateway cache should). The exchange verifies every block against its
 * CID before this sees it. The local read runs on the caller's thread (gateway workers, RPC threads, the fetch
 * pool: never a network event loop); keeping a fetched block runs on {@code io}. Cancelling the returned future
 * cancels the network want.
 */
public final class NetworkBlockSource implements BlockSource {
    private final BlockStore store;
    private final BlockExchange exchange;
    private final Executor io;
    private final Consumer<Cid> stored;

    /**
     * @param io     where a fetched block is stored ({@code Runnable::run} where the store never blocks)
     * @param stored told of each block kept, once it is stored (the daemon offers it to Bitswap's peers)
     */
    public NetworkBlockSource(BlockStore store, BlockExchange exchange, Executor io, Consumer<Cid> stored) {
        this.store = store;
        this.exchange = exchange;
        this.io = io;
        this.stored = stored;
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
        CompletableFuture<Block> fetch = exchange.get(cid);
        CompletableFuture<Block> result = new CompletableFuture<>();
        fetch.whenCompleteAsync((block, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                result.completeExceptionally(cause);
                return;
            }
            try {
                store.put(block);
                stored.accept(block.cid());
                result.complete(block);
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, io);
        result.whenComplete((b, e) -> {
            if (result.isCancelled()) {
                fetch.cancel(true);
            }
        });
        return result;
    }
}
