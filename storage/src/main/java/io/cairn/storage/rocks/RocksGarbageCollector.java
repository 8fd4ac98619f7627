package io.cairn.storage.rocks;

import io.cairn.core.FormatException;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the {@code gc} column family in chunks of {@link #CHUNK} candidates. A chunk's keys are read without
 * locks; then, under the GC lock's write side (no pin change, block write or temporary-pin registration runs
 * meanwhile), each candidate is decided and the chunk's deletions go in one batch:
 * <ul>
 *   <li>held by a temporary pin: kept as a candidate (its add may still end without a commit);</li>
 *   <li>live: the candidate is dropped (it comes back if the block dies);</li>
 *   <li>otherwise: the block, its size and the candidate are deleted, and the counters go down.</li>
 * </ul>
 * The cursor moves past each chunk, so candidates kept for temporary pins are not re-read in the same run.
 */
final class RocksGarbageCollector implements GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(RocksGarbageCollector.class);
    static final int CHUNK = 1024;
    /** After this many deleted candidates, compact {@code gc} so the next run does not skip their tombstones. */
    private static final long COMPACT_AFTER = 50_000;
    /** After removing this much (or an eighth of the store), compact {@code blocks} to give the space back. */
    private static final long RECLAIM_AFTER_BYTES = 256L << 20;

    private final RocksStore store;

    RocksGarbageCollector(RocksStore store) {
        this.store = store;
    }

    @Override
    public Optional<GcResult> collectIfOverWatermark(Consumer<Multihash> removed) throws IOException {
        if (store.stat().bytes() <= store.options().gcThreshold()) {
            return Optional.empty();
        }
        return Optional.of(collect(removed));
    }

    @Override
    public GcResult collect() throws IOException {
        return collect(mh -> { });
    }

    @Override
    public GcResult collect(Consumer<Multihash> removedBlocks) throws IOException {
        store.requireWritable("collect garbage");
        return store.call("collecting garbage", () -> {
            long bytesBefore = store.stat().bytes();
            long removed = 0;
            long removedBytes = 0;
            long seen = 0;
            byte[] after = null;
            while (true) {
                List<byte[]> chunk = candidates(after);
                if (chunk.isEmpty()) {
                    break;
                }
                List<Multihash> deleted = new ArrayList<>();
                long[] r = collectChunk(chunk, deleted);
                deleted.forEach(removedBlocks);
                removed += r[0];
                removedBytes += r[1];
                seen += chunk.size();
                after = chunk.get(chunk.size() - 1);
            }
            if (seen > 0) {
                // Deletions were written unsynced: losing them in a power cut only brings garbage back.
                store.data.db.syncWal();
            }
            if (seen >= COMPACT_AFTER) {
                store.data.db.compactRange(store.data.gc);
            }
            long[] blobs = store.data.blobGarbage();
            if (removedBytes >= RECLAIM_AFTER_BYTES || removedBytes > 0 && removedBytes >= bytesBefore / 8
                    || blobs[0] >= RECLAIM_AFTER_BYTES || blobs[0] > 0 && blobs[0] >= blobs[1] / 8) {
                // Let compaction see the deletions now, with blob GC on, so wholly-garbage blob files go and the
                // older ones are rewritten. The second test catches garbage that earlier, smaller collections
                // left and compactions have since accounted for.
                store.data.reclaimBlockSpace();
            }
            // Also after a collection that removed nothing: an add killed before publishing leaves a pack that
            // no entry points into.
            PackReclaimer.run(store, removedBytes);
            return new GcResult(removed, removedBytes, seen);
        });
    }

    /** Up to {@link #CHUNK} candidate keys after {@code after} (from the start when null). */
    private List<byte[]> candidates(byte[] after) throws RocksDBException {
        List<byte[]> keys = new ArrayList<>(CHUNK);
        try (RocksIterator it = store.data.db.newIterator(store.data.gc)) {
            if (after == null) {
                it.seekToFirst();
            } else {
                it.seek(after);
                if (it.isValid() && Arrays.equals(it.key(), after)) {
                    it.next();
                }
            }
            for (; it.isValid() && keys.size() < CHUNK; it.next()) {
                keys.add(it.key());
            }
            it.status();
        }
        store.counters.candidatesRead.addAndGet(keys.size());
        return keys;
    }

    /** Decides and deletes one chunk, adding the deleted blocks to {@code deleted}. */
    private long[] collectChunk(List<byte[]> chunk, List<Multihash> deleted) throws IOException, RocksDBException {
        store.gcLock.writeLock().lock();
        try (WriteBatch batch = new WriteBatch();
                RocksIterator refs = store.data.db.newIterator(store.data.refs)) {
            long removed = 0;
            long removedBytes = 0;
            for (byte[] key : chunk) {
                Multihash mh;
                try {
                    mh = Multihash.fromBytes(key);
                } catch (FormatException e) {
                    LOG.warn("dropping a GC candidate that is not a multihash: {}", e.getMessage());
                    batch.delete(store.data.gc, key);
                    continue;
                }
                if (store.tempPins.isHeld(mh)) {
                    continue;
                }
                if (!store.isLive(refs, key)) {
                    long size = store.deleteBlock(batch, mh);
                    if (size >= 0) {
                        removed++;
                        deleted.add(mh);
                        removedBytes += size;
                    }
                }
                batch.delete(store.data.gc, key);
            }
            store.countIn(batch, -removed, -removedBytes);
            if (batch.count() > 0) {
                store.write(batch, store.data.asyncWrite);
            }
            store.counted(-removed, -removedBytes);
            store.counters.blockDeletes.addAndGet(removed);
            return new long[] {removed, removedBytes};
        } finally {
            store.gcLock.writeLock().unlock();
        }
    }
}
