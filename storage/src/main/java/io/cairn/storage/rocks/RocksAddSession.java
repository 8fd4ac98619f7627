package io.cairn.storage.rocks;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * An {@link AddSession}: new blocks accumulate in a native {@link WriteBatch} written without a WAL sync each time
 * it passes {@link #SUB_BATCH_BYTES}; the commit writes what is left, pins the root in one synced batch (a synced
 * write makes every earlier write durable too) or, without a pin, syncs the WAL.
 *
 * <p>Every block put is held by the session's temporary pin, registered before its presence is checked, so a
 * block found already stored cannot be collected before the commit makes it live.
 */
final class RocksAddSession implements AddSession {
    /** Bounds the memory of one sub-batch (held twice: Java's blocks are copied into the native batch). */
    static final long SUB_BATCH_BYTES = 32L << 20;

    private final RocksStore store;
    private final TempPins.Handle held;
    private WriteBatch batch;
    private final List<Multihash> pendingKeys = new ArrayList<>();
    private long[] pendingSizes = new long[64];
    private long pendingBytes;
    private boolean committed;
    private boolean closed;

    RocksAddSession(RocksStore store) {
        this.store = store;
        this.held = store.tempPins.newHandle();
    }

    @Override
    public synchronized void put(Block block) throws IOException {
        requireOpen();
        Multihash mh = block.cid().multihash();
        if (Keys.isIdentity(mh) || held.contains(mh)) {
            return;
        }
        store.requireWritable("add block " + block.cid());
        boolean present = store.call("looking up block " + block.cid(), () -> {
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
        try {
            if (batch == null) {
                batch = new WriteBatch();
            }
            store.putBlock(batch, mh, block.data());
        } catch (RocksDBException e) {
            throw RocksErrors.map("adding block " + block.cid(), store.dir(), e);
        }
        if (pendingKeys.size() == pendingSizes.length) {
            pendingSizes = Arrays.copyOf(pendingSizes, pendingSizes.length * 2);
        }
        pendingSizes[pendingKeys.size()] = block.size();
        pendingKeys.add(mh);
        pendingBytes += block.size() + 2L * mh.byteLength();
        if (pendingBytes >= store.addBatchBytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (batch == null || pendingKeys.isEmpty()) {
            return;
        }
        try {
            store.writeBlocks(batch, pendingKeys, pendingSizes, store.data.asyncWrite);
        } finally {
            // Written or not, these blocks are done with: a failed write leaves the session unable to commit
            // them (the pin walk will name the first missing one), never half-counted.
            batch.close();
            batch = null;
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
        flush();
        boolean synced = mode != PinMode.NONE && ((RocksPinner) store.pins()).addPin(root, mode, name);
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
        held.close();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(committed ? "add session already committed" : "add session closed");
        }
    }
}
