package io.cairn.storage.rocks;

import io.cairn.core.block.Block;
import io.cairn.core.ipld.IpldFormatException;
import io.cairn.core.ipld.Links;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * An {@link AddSession}: new blocks accumulate in a native {@link WriteBatch} written without the WAL each time it
 * passes {@link #SUB_BATCH_BYTES} (every byte written once, not twice); the commit writes what is left through the
 * WAL and pins the root in one synced batch, or without a pin syncs the WAL. The store flushes the unlogged batches
 * before either ({@link RocksStore#write}), so a reported add is durable whole. A block of {@link
 * RocksStore#PACK_MIN_BYTES} or more goes to a pack file at once ({@link PackFiles}) and only its small entries wait
 * in the batch, so a sub-batch is written after {@link #MAX_PENDING_BLOCKS} of them; the store syncs the packs
 * before it writes any batch that points into them.
 *
 * <p>Every block put is held by the session's temporary pin, registered before its presence is checked, so a
 * block found already stored cannot be collected before the commit makes it live.
 */
final class RocksAddSession implements AddSession {
    /** Bounds the memory of one sub-batch (held twice: Java's blocks are copied into the native batch). */
    static final long SUB_BATCH_BYTES = 32L << 20;
    /** Most blocks whose links a session remembers (a few tens of MiB at most). */
    static final int MAX_REMEMBERED_LINKS = 1 << 20;
    /** What a packed block's entries ({@code sizes}, {@code gc}, its pack's count) add to the batch, about. */
    private static final long PACKED_ENTRY_BYTES = 64;
    /** Bounds the keys a session holds before writing them (a few MiB of heap). */
    static final int MAX_PENDING_BLOCKS = 16_384;
    /** Room past {@link #SUB_BATCH_BYTES} for the block that crosses it and the per-entry overhead. */
    private static final long BATCH_SLACK = 2L << 20;

    private final RocksStore store;
    private final TempPins.Handle held;
    private WriteBatch batch;
    private final List<Multihash> pendingKeys = new ArrayList<>();
    private long[] pendingSizes = new long[64];
    private boolean[] pendingPacked = new boolean[64];
    private long pendingBytes;
    private boolean committed;
    /** Whether a sub-batch went out unlogged: the commit flushes anyway, so its last batch may skip the WAL too. */
    private boolean wroteUnlogged;
    private boolean closed;
    /** Set when a sub-batch failed to write: its blocks may be missing, so the session must not pin. */
    private IOException failed;
    /**
     * Links of the dag-pb, dag-cbor and dag-json blocks put so far, so the commit's pin walk does not read back what
     * this session just wrote (profiling showed a 1 GiB add re-reading every leaf). Keyed by multihash and codec,
     * since the same bytes under another codec have other links. Bounded; past the bound the walk reads.
     */
    private final Map<RefChanges.RefKey, List<Cid>> links = new HashMap<>();

    RocksAddSession(RocksStore store) {
        this.store = store;
        this.held = store.tempPins.newHandle();
    }

    @Override
    public synchronized void put(Block block) throws IOException {
        requireOpen();
        Multihash mh = block.cid().multihash();
        if (Keys.isIdentity(mh)) {
            return;
        }
        rememberLinks(block);
        if (held.contains(mh)) {
            return;
        }
        store.requireWritable("add block " + block.cid());
        boolean present = store.call("looking up block", block.cid(), () -> {
            store.gcLock.readLock().lock();
            try {
                held.add(mh);
                return store.present(mh);
            } finally {
                store.gcLock.readLock().unlock();
            }
        });
        if (present) {
            return;
        }
        boolean packed;
        try {
            if (batch == null) {
                // Reserved once and cleared after each sub-batch, so the native buffer neither doubles its way up
                // (copying what it holds each time) nor touches fresh pages for every sub-batch.
                batch = new WriteBatch((int) Math.min(store.addBatchBytes + BATCH_SLACK, Integer.MAX_VALUE - 8));
            }
            if (store.packable(block.size())) {
                // From here until the session closes, a collection must not take its pack for unused.
                store.packs.hold(this);
            }
            packed = store.putBlock(batch, mh, block.data());
        } catch (RocksDBException e) {
            throw RocksErrors.map("adding block " + block.cid(), store.dir(), e);
        }
        if (pendingKeys.size() == pendingSizes.length) {
            pendingSizes = Arrays.copyOf(pendingSizes, pendingSizes.length * 2);
            pendingPacked = Arrays.copyOf(pendingPacked, pendingPacked.length * 2);
        }
        pendingSizes[pendingKeys.size()] = block.size();
        pendingPacked[pendingKeys.size()] = packed;
        pendingKeys.add(mh);
        // A packed block's bytes are already on their way to disk: the batch holds only its small entries.
        pendingBytes += (packed ? PACKED_ENTRY_BYTES : block.size()) + 2L * mh.byteLength();
        if (pendingBytes >= store.addBatchBytes || pendingKeys.size() >= MAX_PENDING_BLOCKS) {
            flush(true);
        }
    }

    private void rememberLinks(Block block) {
        if (!Links.mayHaveLinks(block.cid().codec()) || links.size() >= MAX_REMEMBERED_LINKS) {
            return;
        }
        RefChanges.RefKey key = RefChanges.RefKey.of(block.cid());
        if (links.containsKey(key)) {
            return;
        }
        try {
            links.put(key, Links.of(block.cid(), block.data()));
        } catch (IpldFormatException e) {
            // Links unreadable: let the pin walk read it and report it.
        }
    }

    /**
     * Writes the pending blocks: a full sub-batch of a large add without the WAL (the commit's synced write flushes
     * it first); the last one of an add that fits in one sub-batch through the WAL, so a small add costs a WAL sync
     * and not a flush.
     */
    private void flush(boolean unlogged) throws IOException {
        if (batch == null || pendingKeys.isEmpty()) {
            return;
        }
        try {
            store.writeBlocks(batch, pendingKeys, pendingSizes, pendingPacked, unlogged);
            wroteUnlogged |= unlogged;
        } catch (IOException | RuntimeException e) {
            failed = e instanceof IOException ? (IOException) e : new IOException(e);
            throw e;
        } finally {
            // Written or not, these blocks are done with: a failed write leaves the session unable to commit
            // them (the pin walk will name the first missing one), never half-counted. The batch keeps its memory.
            batch.clear();
            pendingKeys.clear();
            pendingBytes = 0;
        }
    }

    @Override
    public synchronized void commit(Cid root, PinMode mode, String name) throws IOException {
        requireOpen();
        if (committed) {
            throw new IllegalStateException("add session already committed");
        }
        store.requireWritable("commit an add");
        if (failed != null) {
            throw new IOException("an earlier write of this add failed, so nothing was pinned: " + failed.getMessage(),
                    failed);
        }
        flush(wroteUnlogged);
        boolean synced = mode != PinMode.NONE
                && ((RocksPinner) store.pins()).addPin(root, mode, name, links::get);
        if (!synced) {
            store.syncWal();
        }
        committed = true;
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (batch != null) {
            batch.close();
            batch = null;
        }
        store.packs.release(this);
        held.close();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(committed ? "add session already committed" : "add session closed");
        }
    }
}
