package io.cairn.network.bitswap;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockExchange;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Bitswap 1.2.0 (accepting 1.1.0 and 1.0.0 peers) on a {@link Host}: it serves this node's {@link BlockStore} to
 * peers and fetches blocks from them. Created by {@link #builder(Host, BlockStore)}; {@link #close()} stops serving
 * and fails every open fetch. Thread-safe.
 *
 * <p>As a {@link BlockExchange}, {@link #get(Cid)} fetches through one shared session; a DAG traversal should open
 * its own {@link #newSession()} so that it asks the peers that had the DAG's earlier blocks first. Fetched blocks
 * are not stored: the caller decides, and then calls {@link #blocksAdded} so peers waiting for them are served.
 */
public interface Bitswap extends BlockExchange, AutoCloseable {
    static BitswapBuilder builder(Host host, BlockStore store) {
        return new BitswapBuilder(host, store);
    }

    /** See {@link BitswapSession#get(Cid)}. */
    @Override
    CompletableFuture<Block> get(Cid cid);

    BitswapSession newSession();

    /** The store gained these blocks: peers whose wants were waiting for them get them. */
    void blocksAdded(Collection<Cid> cids);

    /**
     * Whether this node's client dropped {@code peer} for sending a block it never asked that peer for (what a block
     * whose bytes do not hash to the wanted CID looks like): such a peer is never asked again.
     */
    boolean isBadPeer(PeerId peer);

    @Override
    void close();
}
