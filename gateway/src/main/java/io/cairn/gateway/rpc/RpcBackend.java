package io.cairn.gateway.rpc;

import io.cairn.core.block.BlockSink;
import io.cairn.core.block.BlockSource;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the RPC API needs from a node: its blocks, a way to write blocks and pin them atomically, pins, garbage
 * collection, statistics, identity and config. The node module implements it over its repository.
 *
 * <p>Errors: a missing block is {@link io.cairn.core.block.BlockNotFoundException}; a request the node refuses (not
 * pinned, pinned, conflicting pin) is an {@link RpcException} with the message to show; storage failures are
 * {@link IOException}s. Implementations are used from several request threads at once.
 */
public interface RpcBackend {
    /** The node's own blocks; a missing one fails with {@code BlockNotFoundException}. Never the network. */
    BlockSource blocks();

    /** Length of the stored block with {@code cid}'s multihash, or -1 when it is not stored. */
    long blockSize(Cid cid) throws IOException;

    /** Starts a write: blocks put into it are held against garbage collection until it is closed. */
    Writes beginWrite() throws IOException;

    /**
     * Blocks being added (by {@code add}, {@code block/put}, {@code dag/import}). Not for concurrent use.
     */
    interface Writes extends BlockSink, AutoCloseable {
        /**
         * Makes every block put durable and pins each of {@code pinRoots} recursively (none when empty) with
         * {@code pinName} (may be null). Fails naming the first missing block when a root's DAG is incomplete.
         */
        void commit(List<Cid> pinRoots, String pinName) throws IOException;

        @Override
        void close();
    }

    /** Pins {@code root}: its whole DAG (which must be stored) or, when not {@code recursive}, its block only. */
    void pin(Cid root, boolean recursive, String name) throws IOException;

    /** Removes {@code root}'s own pin. */
    void unpin(Cid root, boolean recursive) throws IOException;

    /** Moves a recursive pin from {@code from} to {@code to}, keeping {@code from} unless {@code unpinFrom}. */
    void updatePin(Cid from, Cid to, boolean unpinFrom) throws IOException;

    /** Pins of {@code kind}, each CID once (recursive, then direct, then indirect for {@link PinKind#ALL}). */
    Iterator<PinEntry> pins(PinKind kind) throws IOException;

    /** The pin that keeps {@code cid}: its own, else an indirect one; empty when none does. */
    Optional<PinEntry> pinOf(Cid cid) throws IOException;

    /**
     * Deletes the block with {@code cid}'s multihash unless a pin keeps it. Returns empty when it was deleted, else
     * why it was kept (Kubo's wording: {@code pinned: recursive}, {@code block not found locally: CID}).
     */
    Optional<String> removeBlock(Cid cid) throws IOException;

    /** Deletes every block no pin keeps, telling {@code removed} each deleted block's multihash. */
    void collectGarbage(Consumer<Multihash> removed) throws IOException;

    /** Re-hashes every stored block; returns the multihashes whose bytes do not match. */
    List<Multihash> verifyBlocks() throws IOException;

    RepoStat repoStat() throws IOException;

    Identity identity() throws IOException;

    /** The running node's network; empty when the node runs without one. */
    default java.util.Optional<NetworkBackend> network() {
        return java.util.Optional.empty();
    }

    /** {@code cairn/VERSION/}, as identify's agent version. */
    String agentVersion();

    /** The config value at a dotted key, as JSON text; empty when there is none. */
    Optional<String> config(String key) throws IOException;

    /** Sets the config value at a dotted key to {@code json} (JSON text); a bad key or value is an RpcException. */
    void setConfig(String key, String json) throws IOException;

    /** The whole config, as JSON text. */
    String configJson() throws IOException;

    /**
     * Sets the node's configured import defaults (Kubo's {@code Import.*}: CID version, raw leaves, chunker, hash,
     * file links, shard threshold, layout) on {@code b}, before an {@code add} request's own parameters, which then
     * win. A value the importer cannot honour is an RpcException naming the key. By default there are none.
     */
    default void applyImportDefaults(io.cairn.core.importer.ImportOptions.Builder b) throws IOException {
    }

    /** Kinds of pins, as {@code pin/ls --type} names them. */
    enum PinKind { RECURSIVE, DIRECT, INDIRECT, ALL }

    /**
     * One pin. {@code type} is Kubo's word: {@code recursive}, {@code direct} or {@code indirect}; {@code name} may
     * be null.
     */
    record PinEntry(Cid cid, String type, String name) {
    }

    /** Kubo's {@code repo stat}. {@code version} names the repository format. */
    record RepoStat(long numObjects, long repoSize, long storageMax, String repoPath, String version) {
    }

    /**
     * Kubo's {@code id}. {@code addresses} and {@code protocols} are empty lists while the node has no swarm.
     */
    record Identity(String id, String publicKey, List<String> addresses, String agentVersion,
            List<String> protocols) {
    }
}
