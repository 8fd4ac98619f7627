package io.cairn.node.rpc;

import io.cairn.core.block.BlockSink;
import io.cairn.core.block.BlockSource;
import io.cairn.core.multiformats.Cid;
import io.cairn.gateway.rpc.NetworkBackend;
import java.util.concurrent.CompletableFuture;

/** What the RPC backend needs of a running node's network beyond the swarm commands: reads and whole-DAG fetches. */
public interface NodeNetwork extends NetworkBackend {
    /** The local store, else the network; fetched blocks are kept (unpinned). */
    BlockSource blockSource();

    /** Hands every block of {@code root}'s DAG to {@code sink}, fetching what is missing; completes with the count. */
    CompletableFuture<Integer> fetchDag(Cid root, BlockSink sink);

    /** What an add, import or pin stored: announced in the background as {@code Provide.Strategy} says. */
    void announce(java.util.List<Cid> roots, java.util.List<Cid> blocks);

    /**
     * Blocks this node deleted (garbage collection, {@code block rm}): no longer provided from now on, so other
     * nodes stop being sent here for them once their records expire. Keys that were not provided are ignored.
     */
    void withdraw(java.util.Collection<io.cairn.core.multiformats.Multihash> keys);
}
