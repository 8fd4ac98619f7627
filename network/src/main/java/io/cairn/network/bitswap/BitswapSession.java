package io.cairn.network.bitswap;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockExchange;
import io.cairn.core.multiformats.Cid;
import java.util.concurrent.CompletableFuture;

/**
 * Blocks fetched together (one DAG, one pin): the peers that had earlier blocks are asked first for later ones.
 * Thread-safe. {@link #close()} withdraws every want still open and fails its futures with
 * {@link java.util.concurrent.CancellationException}.
 */
public interface BitswapSession extends BlockExchange, AutoCloseable {
    /**
     * The block named {@code cid} from whichever connected (or found) peer has it, verified against {@code cid}.
     * Fails with {@link io.cairn.core.block.BlockNotFoundException} after the fetch timeout; cancelling the future
     * withdraws the want from every peer.
     */
    @Override
    CompletableFuture<Block> get(Cid cid);

    @Override
    void close();
}
