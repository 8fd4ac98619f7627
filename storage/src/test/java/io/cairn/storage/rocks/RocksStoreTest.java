package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Opening, reopening, read-only use, hash-on-read, a full disk and concurrent use of a whole store. */
class RocksStoreTest {
    @TempDir
    Path tmp;

    private final Dags dags = new Dags();

    private Path storeDir() {
        return tmp.resolve("store");
    }

    @Test
    void reopeningKeepsBlocksPinsCountersAndCandidates() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        Block loose = dags.raw("loose");
        StoreStat stat;
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            try (AddSession s = store.beginAdd()) {
                s.put(leaf);
                s.put(root);
                s.commit(root.cid(), PinMode.RECURSIVE, "kept");
            }
            store.blocks().put(loose);
            stat = store.stat();
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            assertEquals(stat, store.stat());
            assertEquals(new StoreStat(3, leaf.size() + root.size() + loose.size(), StoreOptions.DEFAULT_STORAGE_MAX),
                    store.stat());
            assertEquals(new Pin(root.cid(), PinType.RECURSIVE, "kept"), store.pins().get(root.cid()).orElseThrow());
            assertArrayEquals(root.data(), store.blocks().get(root.cid()).orElseThrow().data());
            assertEquals(List.of(), store.pins().verify());
            GcResult r = store.gc().collect();
            assertEquals(1, r.blocksRemoved(), "the loose block's candidacy survived the restart");
            assertFalse(store.blocks().has(loose.cid().multihash()));
        }
    }

    @Test
    void readOnlyOpenReadsAndRefusesEveryWrite() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            Dags.putAll(store.blocks(), leaf, root);
            store.pins().add(root.cid(), PinMode.RECURSIVE, null);
        }
        try (RocksStore ro = RocksStore.open(storeDir(), StoreOptions.defaults().withReadOnly(true))) {
            assertArrayEquals(leaf.data(), ro.blocks().get(leaf.cid()).orElseThrow().data());
            assertEquals(2, ro.stat().objects());
            assertEquals(PinType.RECURSIVE, ro.pins().get(root.cid()).orElseThrow().type());
            assertEquals(List.of(), ro.pins().verify());
            assertEquals(List.of(), ro.verify());
            Block other = dags.raw("other");
            List<ThrowingCall> writes = List.of(
                    () -> ro.blocks().put(other),
                    () -> ro.blocks().delete(leaf.cid().multihash()),
                    () -> ro.pins().add(leaf.cid(), PinMode.DIRECT, null),
                    () -> ro.pins().remove(root.cid(), true),
                    () -> ro.pins().update(root.cid(), leaf.cid(), true),
                    () -> ro.gc().collect(),
                    () -> {
                        try (AddSession s = ro.beginAdd()) {
                            s.put(other);
                        }
                    });
            for (ThrowingCall write : writes) {
                ReadOnlyStoreException e = assertThrows(ReadOnlyStoreException.class, write::run);
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            }
            assertFalse(ro.blocks().has(other.cid().multihash()));
        }
        assertThrows(IOException.class,
                () -> RocksStore.open(tmp.resolve("absent"), StoreOptions.defaults().withReadOnly(true)));
        assertFalse(Files.exists(tmp.resolve("absent")), "a read-only open creates nothing");
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws IOException;
    }

    @Test
    void aSecondWriterIsToldTheStoreIsInUse() throws IOException {
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            store.blocks().put(dags.raw("x"));
            IOException e = assertThrows(IOException.class, () -> RocksStore.open(storeDir(), StoreOptions.defaults()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            try (RocksStore ro = RocksStore.open(storeDir(), StoreOptions.defaults().withReadOnly(true))) {
                assertTrue(ro.blocks().has(dags.raw("x").cid().multihash()), "a reader may open beside a writer");
            }
        }
    }

    /**
     * A read-only view opened beside a writer (as a command beside a daemon) reads what the writer had written when
     * it opened, flushed or still only in the log; it does not see later writes; and once the writer's GC has
     * compacted away a blob file the view still used, the read fails with {@link StoreChangedException} saying to
     * run the command again, and a view opened afterwards reads the current state.
     */
    @Test
    void readOnlyViewBesideAWriterThatCollectsUnderIt() throws Exception {
        // Below the pack threshold, so in blob files (packs have their own test: PackedBlocksTest).
        Block flushed = dags.raw(new byte[20_000]);
        Block logged = dags.raw(new byte[10_000]);
        Block later = dags.raw("written after the view opened");
        try (RocksStore writer = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            writer.blocks().put(flushed);
            writer.data.db.flush(new org.rocksdb.FlushOptions().setWaitForFlush(true), writer.data.blocks);
            writer.blocks().put(logged);
            try (RocksStore view = RocksStore.open(storeDir(), StoreOptions.defaults().withReadOnly(true))) {
                writer.blocks().put(later);
                assertEquals(flushed.size(), view.blocks().size(flushed.cid().multihash()));
                assertArrayEquals(logged.data(), view.blocks().get(logged.cid()).orElseThrow().data());
                assertTrue(view.blocks().get(later.cid()).isEmpty(), "a view is the store as it was at open");
                assertEquals(2, view.stat().objects());
                assertThrows(ReadOnlyStoreException.class, () -> view.blocks().put(later));

                // Nothing pins them: GC deletes all three and, past an eighth of the store, compacts the blocks.
                // (A blob file the view has read from stays readable: it holds it open. This one it has not.)
                assertEquals(3, writer.gc().collect().blocksRemoved());
                StoreChangedException e = assertThrows(StoreChangedException.class,
                        () -> view.blocks().get(flushed.cid()));
                assertTrue(e.getMessage().contains("run the command again"), e.getMessage());
                assertTrue(e.getMessage().contains(flushed.cid().toString()), e.getMessage());
            }
            try (RocksStore view = RocksStore.open(storeDir(), StoreOptions.defaults().withReadOnly(true))) {
                assertTrue(view.blocks().get(flushed.cid()).isEmpty());
                assertEquals(0, view.stat().objects());
            }
        }
    }

    /**
     * A block is read into an array of the size {@code sizes} records; when the stored value has another length
     * (corruption), the whole value still comes back, as stored, and hash-on-read names it.
     */
    @Test
    void aValueLongerOrShorterThanItsRecordedSizeIsReadWhole() throws IOException {
        Block longer = dags.raw(new byte[20_000]);
        Block shorter = dags.raw(new byte[6_000]);
        byte[] grown = new byte[30_000];
        grown[29_999] = 7;
        byte[] shrunk = {1, 2, 3};
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            Dags.putAll(store.blocks(), longer, shorter);
            store.overwriteBlockBytes(longer.cid().multihash(), grown);
            store.overwriteBlockBytes(shorter.cid().multihash(), shrunk);
            assertArrayEquals(grown, store.blocks().get(longer.cid()).orElseThrow().data());
            assertArrayEquals(shrunk, store.blocks().get(shorter.cid().multihash()).orElseThrow());
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults().withHashOnRead(true))) {
            assertThrows(CorruptBlockException.class, () -> store.blocks().get(longer.cid()));
            assertThrows(CorruptBlockException.class, () -> store.blocks().get(shorter.cid()));
        }
    }

    @Test
    void hashOnReadDetectsACorruptBlockAndNamesIt() throws IOException {
        Block good = dags.raw("good");
        Block bad = dags.raw(new byte[10_000]);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            Dags.putAll(store.blocks(), good, bad);
            byte[] flipped = bad.data().clone();
            flipped[5000] ^= 1;
            store.overwriteBlockBytes(bad.cid().multihash(), flipped);
            assertArrayEquals(flipped, store.blocks().get(bad.cid()).orElseThrow().data(),
                    "without hash-on-read, the bytes are returned as stored");
            assertEquals(List.of(bad.cid().multihash()), store.verify());
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults().withHashOnRead(true))) {
            CorruptBlockException e = assertThrows(CorruptBlockException.class,
                    () -> store.blocks().get(bad.cid()));
            assertEquals(bad.cid().multihash(), e.multihash());
            assertTrue(e.getMessage().contains(bad.cid().toString()), e.getMessage());
            assertThrows(CorruptBlockException.class, () -> store.blocks().get(bad.cid().multihash()));
            assertArrayEquals(good.data(), store.blocks().get(good.cid()).orElseThrow().data());
        }
    }

    @Test
    void aFullDiskFailsTheWriteClearlyAndLeavesTheStoreSound() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        Block later = dags.raw("later");
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            Dags.putAll(store.blocks(), leaf, root);
            StoreStat before = store.stat();
            store.failWritesWith(new RocksDBException("While appending to file: 000008.log: No space left on device",
                    new Status(Status.Code.IOError, Status.SubCode.NoSpace, "No space left on device")));

            StoreFullException e = assertThrows(StoreFullException.class, () -> store.blocks().put(later));
            assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
            assertTrue(e.getMessage().contains(storeDir().toString()), e.getMessage());
            assertThrows(StoreFullException.class, () -> store.pins().add(root.cid(), PinMode.RECURSIVE, null));
            try (AddSession s = store.beginAdd()) {
                s.put(later);
                assertThrows(StoreFullException.class, () -> s.commit(later.cid(), PinMode.RECURSIVE, null));
            }
            assertThrows(StoreFullException.class, () -> store.gc().collect());

            assertEquals(before, store.stat(), "no counter moved for writes that did not happen");
            assertEquals(Optional.empty(), store.pins().get(root.cid()));
            assertFalse(store.blocks().has(later.cid().multihash()));
            assertEquals(0, store.tempPinnedCount());

            store.failWritesWith(null);
            store.pins().add(root.cid(), PinMode.RECURSIVE, null);
            store.blocks().put(later);
            assertEquals(List.of(), store.pins().verify());
            assertEquals(1, store.gc().collect().blocksRemoved());
        }
    }

    @Test
    void aClosedStoreSaysSo() throws IOException {
        RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults());
        AddSession s = store.beginAdd();
        store.close();
        store.close();
        IOException e = assertThrows(IOException.class, () -> store.blocks().get(dags.raw("x").cid()));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IOException.class, () -> s.put(dags.raw("y")));
        s.close();
    }

    /**
     * Adds that pin, adds that do not, unpins and collections all at once: afterwards every pinned DAG is whole,
     * the counts match the pins and a last collection leaves exactly the pinned blocks. Packed: every block goes to
     * a pack and packs are sealed every few KiB, so collections copy and delete packs under the adds.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void addsPinsAndCollectionsRunConcurrently(boolean packed) throws Exception {
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            store.addBatchBytes = 2000;
            AtomicInteger copies = new AtomicInteger();
            AtomicInteger drops = new AtomicInteger();
            if (packed) {
                store.packMinBytes = 1;
                store.packs.packBytes = 4096;
                store.minPackCopyBudget = 1;
                store.reclaimStep = step -> {
                    if (step.equals("copies published")) {
                        copies.incrementAndGet();
                    } else if (step.equals("count dropped")) {
                        drops.incrementAndGet();
                    }
                };
            }
            int writers = 3;
            int addsPerWriter = 25;
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            List<Future<List<Cid>>> results = new ArrayList<>();
            try {
                Future<?> collector = pool.submit(() -> {
                    while (!stop.get()) {
                        store.gc().collect();
                    }
                    return null;
                });
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    results.add(pool.submit(() -> {
                        Random random = new Random(writer);
                        Dags local = new Dags();
                        List<Cid> kept = new ArrayList<>();
                        for (int i = 0; i < addsPerWriter; i++) {
                            // Leaves shared between writers (same bytes) and their own, under a per-add root.
                            List<Block> leaves = new ArrayList<>();
                            for (int l = 0; l < 8; l++) {
                                leaves.add(local.raw("shared " + random.nextInt(20)));
                                leaves.add(local.raw("own " + writer + "/" + i + "/" + l));
                            }
                            Block root = local.node("root " + writer + "/" + i, leaves);
                            boolean pin = random.nextInt(3) != 0;
                            try (AddSession s = store.beginAdd()) {
                                for (Block b : leaves) {
                                    s.put(b);
                                }
                                s.put(root);
                                s.commit(root.cid(), pin ? PinMode.RECURSIVE : PinMode.NONE, null);
                            }
                            if (pin) {
                                kept.add(root.cid());
                            }
                            if (pin && random.nextInt(4) == 0) {
                                store.pins().remove(kept.remove(kept.size() - 1), true);
                            }
                        }
                        return kept;
                    }));
                }
                List<Cid> pinned = new ArrayList<>();
                for (Future<List<Cid>> f : results) {
                    pinned.addAll(f.get(120, TimeUnit.SECONDS));
                }
                stop.set(true);
                collector.get(60, TimeUnit.SECONDS);

                assertEquals(List.of(), store.pins().verify());
                store.gc().collect();
                Set<Multihash> live = new HashSet<>();
                for (Cid root : pinned) {
                    live.add(root.multihash());
                    DagPb.decode(store.blocks().get(root).orElseThrow().data()).links()
                            .forEach(l -> live.add(l.hash().multihash()));
                }
                assertEquals(live.size(), store.stat().objects(), "exactly the pinned blocks remain");
                for (Multihash mh : live) {
                    assertTrue(store.blocks().has(mh));
                }
                assertEquals(List.of(), store.verify());
                assertEquals(0, store.tempPinnedCount());
                assertEquals(List.of(), store.packAccountingProblems());
                if (packed) {
                    assertTrue(copies.get() > 0 && drops.get() > 0,
                            "packs copied " + copies + " times and deleted " + drops + " times under the adds");
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            }
        }
    }
}
