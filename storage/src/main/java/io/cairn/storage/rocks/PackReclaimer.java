package io.cairn.storage.rocks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the disk space of deleted packed blocks, at the end of a garbage collection: a pack with no live record
 * is deleted; one whose live records fill less than half its file has them copied to the current pack and is then
 * deleted, so each copy frees more than it writes, and a collection copies no more than the garbage it removed (at
 * least {@link #MIN_COPY_BUDGET}). Only packs that no writer may still publish into are touched ({@link
 * PackFiles#reclaimable}), each under the GC lock's write side.
 *
 * <p>Crash safety: a relocation publishes the new locators in one synced batch after the copies are durable, and
 * deletes the old pack only when its live count has reached zero; a pack's live-count key goes before its file, so
 * a crash leaves at worst a file with no live bytes, which the next collection deletes.
 */
final class PackReclaimer {
    private static final Logger LOG = LoggerFactory.getLogger(PackReclaimer.class);

    private PackReclaimer() {}

    /** Copies at least this much per collection when packs need it, however little the collection removed. */
    static final long MIN_COPY_BUDGET = 64L << 20;

    /**
     * Deletes the packs with nothing live and copies the live records out of packs less than half live, emptiest
     * first, copying at most {@code max(removedBytes, MIN_COPY_BUDGET)} bytes: a collection's copying follows the
     * garbage it found, and what is left waits for the next one. The GC lock's write side is held per pack, so adds
     * wait at most for one pack's copy. Returns {@code {packs deleted, bytes copied}}.
     */
    static long[] run(RocksStore store, long removedBytes) throws IOException, RocksDBException {
        List<long[]> candidates = new ArrayList<>(); // {id, live, size}
        store.gcLock.writeLock().lock();
        try {
            // The pack being written is reclaimable only once sealed; seal it when it holds garbage worth taking
            // back (a daemon that collects every hour would otherwise leave a small pack per collection).
            long[] current = store.packs.current();
            if (current != null && live(store, current[0]) * 2 < current[1]) {
                store.packs.seal();
            }
            // Packs listed here stay reclaimable: appends go to the current pack or later ones, and a new hold
            // starts at the current pack.
            for (long id : store.packs.reclaimable()) {
                long size = store.packs.size(id);
                long live = live(store, id);
                if (live < 0) {
                    LOG.warn("pack {} counts {} live bytes; keeping it", PackFiles.fileName(id), live);
                } else if (size >= 0 && live * 2 < size) {
                    candidates.add(new long[] {id, live, size});
                }
            }
        } finally {
            store.gcLock.writeLock().unlock();
        }
        candidates.sort(Comparator.comparingDouble(c -> (double) c[1] / Math.max(1, c[2])));
        long budget = Math.max(removedBytes, store.minPackCopyBudget);
        long deleted = 0;
        long copied = 0;
        for (long[] c : candidates) {
            long id = c[0];
            store.gcLock.writeLock().lock();
            try {
                long live = live(store, id);
                if (live > 0) {
                    if (copied + live > budget) {
                        continue; // the next collection's
                    }
                    copied += relocate(store, id);
                    live = live(store, id);
                }
                if (live == 0) {
                    drop(store, id);
                    deleted++;
                }
            } finally {
                store.gcLock.writeLock().unlock();
            }
        }
        if (deleted > 0 || copied > 0) {
            LOG.info("packs at {}: deleted {}, copied {} live bytes", store.packs, deleted, copied);
        }
        return new long[] {deleted, copied};
    }

    static long live(RocksStore store, long pack) throws IOException, RocksDBException {
        byte[] v = store.data.db.get(store.data.meta, Keys.packLive(pack));
        return v == null ? 0 : Keys.parseLe64(v);
    }

    private static void drop(RocksStore store, long pack) throws IOException, RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(store.data.meta, Keys.packLive(pack));
            store.write(batch, store.data.syncWrite);
        }
        store.reclaimStep.accept("count dropped");
        store.packs.delete(pack);
    }

    /** Copies the live records of {@code pack} to the current pack and points their entries there. */
    private static long relocate(RocksStore store, long pack) throws IOException, RocksDBException {
        Map<Long, Long> deltas = new HashMap<>();
        long[] copied = {0};
        try (WriteBatch batch = new WriteBatch()) {
            store.packs.scan(pack, (mh, offset, length, data) -> {
                store.reclaimStep.accept("copying");
                byte[] key = mh.toBytes();
                try {
                    Keys.SizeEntry entry = store.sizeEntry(key);
                    if (entry == null || entry.pack() != pack || entry.offset() != offset) {
                        return; // deleted, or a copy that is not the indexed one
                    }
                    long[] at = store.packs.append(mh, data);
                    batch.put(store.data.sizes, key, Keys.sizeValue(entry.size(), at[0], at[1]));
                    // The new record has the same length: same multihash, same data.
                    deltas.merge(at[0], (long) length, Long::sum);
                    deltas.merge(pack, (long) -length, Long::sum);
                    copied[0] += length;
                } catch (RocksDBException e) {
                    throw RocksErrors.map("relocating block " + mh, store.dir(), e);
                }
            });
            for (Map.Entry<Long, Long> d : deltas.entrySet()) {
                if (d.getValue() != 0) {
                    batch.merge(store.data.meta, Keys.packLive(d.getKey()), Keys.le64(d.getValue()));
                }
            }
            if (batch.count() > 0) {
                store.write(batch, store.data.syncWrite);
            }
        }
        store.reclaimStep.accept("copies published");
        return copied[0];
    }
}
