package io.cairn.storage.rocks;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * {@link RocksStore}'s blocks as core's {@link BlockStore}. Identity-hashed blocks are never stored: their
 * multihash carries their bytes, so they are always "present" (as Kubo's identity store answers them).
 *
 * <p>A lone {@link #put} is one synced batch of the block, its size and its GC candidacy, counted only when the
 * block is new. {@link #delete} refuses a block that a pin keeps or an add holds, since removing it would break a
 * pinned DAG.
 */
final class RocksBlockStore implements BlockStore {
    private final RocksStore store;

    RocksBlockStore(RocksStore store) {
        this.store = store;
    }

    @Override
    public Optional<byte[]> get(Multihash multihash) throws IOException {
        return store.call("reading block", multihash, () -> store.readBlock(multihash, multihash));
    }

    @Override
    public Optional<Block> get(Cid cid) throws IOException {
        return store.call("reading block", cid, () -> store.readBlock(cid.multihash(), cid))
                .map(bytes -> new Block(cid, bytes));
    }

    @Override
    public boolean has(Multihash multihash) throws IOException {
        return store.call("looking up block", multihash, () -> store.present(multihash));
    }

    @Override
    public long size(Multihash multihash) throws IOException {
        return store.call("looking up block", multihash, () -> store.blockSize(multihash));
    }

    @Override
    public void put(Block block) throws IOException {
        Multihash mh = block.cid().multihash();
        if (Keys.isIdentity(mh)) {
            return;
        }
        store.requireWritable("store block " + block.cid());
        store.call("writing block", block.cid(), () -> {
            store.gcLock.readLock().lock();
            KeyLocks.Held held = store.keyLocks.lock(List.of(mh));
            try (WriteBatch batch = new WriteBatch()) {
                if (store.present(mh)) {
                    return null;
                }
                store.putBlock(batch, mh, block.data());
                store.countIn(batch, 1, block.size());
                store.write(batch, store.data.syncWrite);
                store.counted(1, block.size());
                store.counters.blockWrites.incrementAndGet();
                return null;
            } finally {
                held.close();
                store.gcLock.readLock().unlock();
            }
        });
    }

    @Override
    public void delete(Multihash multihash) throws IOException {
        if (Keys.isIdentity(multihash)) {
            return;
        }
        store.requireWritable("delete block " + multihash);
        store.call("deleting block", multihash, () -> {
            store.gcLock.writeLock().lock();
            try (WriteBatch batch = new WriteBatch();
                    RocksIterator refs = store.data.db.newIterator(store.data.refs)) {
                long size = store.blockSize(multihash);
                if (size < 0) {
                    return null;
                }
                byte[] key = multihash.toBytes();
                if (store.isLive(refs, key)) {
                    throw new BlockInUseException(multihash, "block " + multihash + " is pinned; unpin it first");
                }
                if (store.tempPins.isHeld(multihash)) {
                    throw new BlockInUseException(multihash, "block " + multihash
                            + " is held by an add in progress; retry when it is done");
                }
                store.deleteBlock(batch, multihash);
                batch.delete(store.data.gc, key);
                store.countIn(batch, -1, -size);
                store.write(batch, store.data.syncWrite);
                store.counted(-1, -size);
                store.counters.blockDeletes.incrementAndGet();
                return null;
            } finally {
                store.gcLock.writeLock().unlock();
            }
        });
    }
}
