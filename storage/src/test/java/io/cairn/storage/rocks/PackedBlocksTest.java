package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large blocks in pack files ({@link PackFiles}): stored, read, checked, collected and given back. */
class PackedBlocksTest {
    @TempDir
    Path dir;

    private final Dags dags = new Dags();
    private final Random random = new Random(7);

    private Path storeDir() {
        return dir.resolve("store");
    }

    private Block large(int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return dags.raw(data);
    }

    private List<Block> large(int count, int size) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(large(size));
        }
        return out;
    }

    private static void add(RocksStore store, Block root, List<Block> blocks, PinMode mode) throws IOException {
        try (AddSession session = store.beginAdd()) {
            for (Block b : blocks) {
                session.put(b);
            }
            session.commit(root.cid(), mode, null);
        }
    }

    private long packBytes() throws IOException {
        Path packs = storeDir().resolve(PackFiles.DIRECTORY);
        try (Stream<Path> files = Files.list(packs)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private List<Long> packIds(RocksStore store) throws IOException {
        return store.packs.ids();
    }

    @Test
    void largeBlocksGoToPacksAndReadBackAfterReopen() throws IOException {
        List<Block> leaves = new ArrayList<>(large(20, 256 * 1024));
        leaves.add(large(RocksStore.PACK_MIN_BYTES));
        leaves.add(large(1 << 20));
        Block small = dags.raw(new byte[RocksStore.PACK_MIN_BYTES - 1]);
        leaves.add(small);
        Block root = dags.node("root", leaves);
        List<Block> all = new ArrayList<>(leaves);
        all.add(root);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            add(store, root, all, PinMode.RECURSIVE);
            for (Block b : leaves) {
                assertArrayEquals(b.data(), store.blocks().get(b.cid()).orElseThrow().data());
                byte[] inRocks = store.data.db.get(store.data.blocks, b.cid().multihash().toBytes());
                assertEquals(b != small, inRocks == null, "only blocks under the threshold are in RocksDB");
            }
            assertEquals(List.of(), store.packAccountingProblems());
        } catch (org.rocksdb.RocksDBException e) {
            throw new IOException(e);
        }
        assertTrue(packBytes() >= 20L * 256 * 1024 + RocksStore.PACK_MIN_BYTES + (1 << 20));
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults().withReadOnly(true))) {
            for (Block b : all) {
                assertArrayEquals(b.data(), store.blocks().get(b.cid()).orElseThrow().data());
                assertArrayEquals(b.data(), store.blocks().get(b.cid().multihash()).orElseThrow());
                assertEquals(b.size(), store.blocks().size(b.cid().multihash()));
            }
            assertEquals(List.of(), store.verify());
            assertEquals(List.of(), store.pins().verify());
        }
    }

    @Test
    void aChangedByteInAPackIsCaughtWithoutHashOnRead() throws IOException {
        Block good = large(100_000);
        Block bad = large(100_000);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            add(store, bad, List.of(good, bad), PinMode.DIRECT);
        }
        // Records are appended in order: the second block's data sits near the end of the first pack.
        Path pack = storeDir().resolve(PackFiles.DIRECTORY).resolve(PackFiles.fileName(1));
        long record = PackFiles.recordLength(good.cid().multihash().byteLength(), good.size());
        try (FileChannel ch = FileChannel.open(pack, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long at = record + 5000;
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 1)).rewind();
            ch.write(one, at);
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            CorruptBlockException e = assertThrows(CorruptBlockException.class,
                    () -> store.blocks().get(bad.cid()));
            assertEquals(bad.cid().multihash(), e.multihash());
            assertTrue(e.getMessage().contains(bad.cid().toString()) && e.getMessage().contains("CRC32c"),
                    e.getMessage());
            assertArrayEquals(good.data(), store.blocks().get(good.cid()).orElseThrow().data());
            assertEquals(List.of(bad.cid().multihash()), store.verify());
        }
    }

    @Test
    void collectionDeletesDeadPacksAndCompactsHalfDeadOnes() throws IOException {
        List<Block> keptLeaves = large(6, 200_000);
        Block kept = dags.node("kept", keptLeaves);
        List<Block> keptAll = new ArrayList<>(keptLeaves);
        keptAll.add(kept);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            // Pack 1: all garbage. Pack 2 (next process): the kept DAG and three times as much garbage.
            for (Block b : large(10, 200_000)) {
                store.blocks().put(b);
            }
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            add(store, kept, keptAll, PinMode.RECURSIVE);
            for (Block b : large(18, 200_000)) {
                store.blocks().put(b);
            }
            assertEquals(List.of(1L, 2L), packIds(store));
            long before = packBytes();
            GcResult r = store.gc().collect();
            assertEquals(28, r.blocksRemoved());
            assertFalse(packIds(store).contains(1L), "a pack with nothing live is deleted");
            assertFalse(packIds(store).contains(2L), "a pack under half live is copied and deleted");
            long after = packBytes();
            assertTrue(after < before / 3, before + " -> " + after);
            assertTrue(after >= 6L * 200_000, "the kept leaves are still on disk: " + after);
            for (Block b : keptAll) {
                assertArrayEquals(b.data(), store.blocks().get(b.cid()).orElseThrow().data());
            }
            assertEquals(List.of(), store.packAccountingProblems());
            assertEquals(List.of(), store.pins().verify());
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            for (Block b : keptAll) {
                assertArrayEquals(b.data(), store.blocks().get(b.cid()).orElseThrow().data());
            }
            assertEquals(List.of(), store.verify());
            assertEquals(List.of(), store.packAccountingProblems());
        }
    }

    @Test
    void aPackThatNothingWasPublishedIntoIsDeletedByTheNextCollection() throws IOException {
        Block published = large(50_000);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            store.blocks().put(published);
            store.pins().add(published.cid(), PinMode.DIRECT, null);
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            // What an add killed before its batch was written leaves: synced records no entry points to.
            store.packs.append(large(60_000).cid().multihash(), new byte[60_000]);
            store.packs.sync();
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            assertEquals(List.of(1L, 2L), packIds(store));
            assertEquals(0, store.gc().collect().blocksRemoved());
            assertEquals(List.of(1L), packIds(store), "the pack nothing was published into is gone");
            assertArrayEquals(published.data(), store.blocks().get(published.cid()).orElseThrow().data());
            assertEquals(List.of(), store.packAccountingProblems());
        }
    }

    @Test
    void anOpenAddKeepsItsPackFromACollection() throws IOException {
        List<Block> leaves = large(4, 100_000);
        Block root = dags.node("root", leaves);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            store.addBatchBytes = 1; // every put is written (published) at once
            try (AddSession session = store.beginAdd()) {
                session.put(leaves.get(0));
                session.put(leaves.get(1));
                store.gc().collect(); // the leaves are candidates, held by the session
                session.put(leaves.get(2));
                store.gc().collect(); // seals the pack the session writes into; it must stay
                session.put(leaves.get(3));
                session.put(root);
                session.commit(root.cid(), PinMode.RECURSIVE, null);
            }
            store.gc().collect();
            for (Block b : leaves) {
                assertArrayEquals(b.data(), store.blocks().get(b.cid()).orElseThrow().data());
            }
            assertEquals(List.of(), store.packAccountingProblems());
            assertEquals(List.of(), store.verify());
        }
    }

    @Test
    void aReadOnlyViewSaysTheStoreChangedWhenItsPackIsCollected() throws IOException {
        Block doomed = large(70_000);
        try (RocksStore writer = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            writer.blocks().put(doomed);
        }
        try (RocksStore writer = RocksStore.open(storeDir(), StoreOptions.defaults());
                RocksStore view = RocksStore.open(storeDir(), StoreOptions.defaults().withReadOnly(true))) {
            assertEquals(1, writer.gc().collect().blocksRemoved());
            StoreChangedException e = assertThrows(StoreChangedException.class, () -> view.blocks().get(doomed.cid()));
            assertTrue(e.getMessage().contains("run the command again"), e.getMessage());
            assertTrue(e.getMessage().contains(doomed.cid().toString()), e.getMessage());
        }
    }

    @Test
    void readersBesideCollectionsThatCopyTheirBlocksAlwaysGetThem() throws Exception {
        List<Block> keptLeaves = large(8, 64 * 1024);
        Block kept = dags.node("kept", keptLeaves);
        List<Block> keptAll = new ArrayList<>(keptLeaves);
        keptAll.add(kept);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            add(store, kept, keptAll, PinMode.RECURSIVE);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService readers = Executors.newFixedThreadPool(2);
            try {
                List<Future<Long>> reads = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    reads.add(readers.submit(() -> {
                        long n = 0;
                        while (!stop.get()) {
                            for (Block b : keptLeaves) {
                                assertArrayEquals(b.data(), store.blocks().get(b.cid()).orElseThrow().data());
                                n++;
                            }
                        }
                        return n;
                    }));
                }
                long copied = 0;
                for (int round = 0; round < 20; round++) {
                    // Three times the kept bytes in garbage, in the same pack: each collection copies the kept
                    // leaves to a new pack and deletes the old one under the readers.
                    for (Block b : large(24, 64 * 1024)) {
                        store.blocks().put(b);
                    }
                    List<Long> before = packIds(store);
                    store.gc().collect();
                    if (!packIds(store).containsAll(before)) {
                        copied++;
                    }
                }
                stop.set(true);
                for (Future<Long> f : reads) {
                    assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
                }
                assertTrue(copied >= 10, "packs were copied and deleted under the readers: " + copied);
            } finally {
                stop.set(true);
                readers.shutdownNow();
            }
            assertEquals(List.of(), store.packAccountingProblems());
        }
    }

    @Test
    void aFormatTwoStoreIsReadAndMovesToFormatThree() throws Exception {
        Block old = large(80_000);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            store.packMinBytes = Integer.MAX_VALUE; // written as format 2 wrote it: in RocksDB
            store.blocks().put(old);
            store.data.db.put(store.data.meta, store.data.syncWrite, Keys.META_FORMAT,
                    "2".getBytes(StandardCharsets.US_ASCII));
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults().withReadOnly(true))) {
            assertArrayEquals(old.data(), store.blocks().get(old.cid()).orElseThrow().data());
        }
        Block fresh = large(80_000);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            assertEquals("3", new String(store.data.db.get(store.data.meta, Keys.META_FORMAT),
                    StandardCharsets.US_ASCII));
            store.blocks().put(fresh);
            assertArrayEquals(old.data(), store.blocks().get(old.cid()).orElseThrow().data());
            assertArrayEquals(fresh.data(), store.blocks().get(fresh.cid()).orElseThrow().data());
            assertNull(store.data.db.get(store.data.blocks, fresh.cid().multihash().toBytes()));
            assertEquals(2, store.gc().collect().blocksRemoved());
            assertEquals(0, store.stat().objects());
        }
    }

    @Test
    void sizeEntriesRoundTrip() throws IOException {
        for (long[] v : new long[][] {{0, 0, 0}, {1 << 20, 1, 0}, {262_144, 123_456, 255L << 20}}) {
            Keys.SizeEntry e = Keys.parseSizeEntry(v[1] == 0 ? Keys.sizeValue(v[0])
                    : Keys.sizeValue(v[0], v[1], v[2]));
            assertEquals(new Keys.SizeEntry(v[0], v[1], v[2]), e);
        }
    }

    /**
     * A collection that stops at any step of giving pack space back (a crash: the store is closed without the
     * rest) leaves a store whose pinned blocks all read, whose counts are true, and whose next collection finishes
     * the job.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"copying", "copies published", "count dropped"})
    void aCollectionStoppedWhileGivingSpaceBackLeavesASoundStore(String step) throws IOException {
        List<Block> keptLeaves = large(5, 100_000);
        Block kept = dags.node("kept", keptLeaves);
        List<Block> keptAll = new ArrayList<>(keptLeaves);
        keptAll.add(kept);
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            add(store, kept, keptAll, PinMode.RECURSIVE);
            for (Block b : large(20, 100_000)) {
                store.blocks().put(b);
            }
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            int[] seen = {0};
            store.reclaimStep = s -> {
                // "copying" comes once per record: stop after some were copied, before their publication.
                if (s.equals(step) && (!s.equals("copying") || ++seen[0] == 3)) {
                    throw new IllegalStateException("crash at " + s);
                }
            };
            assertThrows(IllegalStateException.class, () -> store.gc().collect());
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            for (Block b : keptAll) {
                assertArrayEquals(b.data(), store.blocks().get(b.cid()).orElseThrow().data());
            }
            assertEquals(List.of(), store.packAccountingProblems());
            assertEquals(List.of(), store.verify());
            assertEquals(List.of(), store.pins().verify());
            store.gc().collect();
            assertEquals(List.of(), store.packAccountingProblems());
        }
        long live = 0;
        for (Block b : keptLeaves) {
            live += PackFiles.recordLength(b.cid().multihash().byteLength(), b.size());
        }
        assertTrue(packBytes() <= 2 * live, "the next collection gave the space back: " + packBytes());
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults().withReadOnly(true))) {
            for (Block b : keptAll) {
                assertArrayEquals(b.data(), store.blocks().get(b.cid()).orElseThrow().data());
            }
        }
    }

    @Test
    void aCollectionCopiesNoMoreThanItsBudget() throws IOException {
        List<List<Block>> keptLeaves = new ArrayList<>();
        List<Block> roots = new ArrayList<>();
        List<Block> garbage = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            // One pack each (one process each): 5 kept leaves, 6 blocks that die later.
            List<Block> leaves = large(5, 100_000);
            Block root = dags.node("kept " + p, leaves);
            List<Block> all = new ArrayList<>(leaves);
            all.add(root);
            List<Block> doomed = large(6, 100_000);
            try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
                add(store, root, all, PinMode.RECURSIVE);
                for (Block b : doomed) {
                    store.blocks().put(b);
                }
            }
            keptLeaves.add(leaves);
            roots.add(root);
            garbage.addAll(doomed);
        }
        try (RocksStore store = RocksStore.open(storeDir(), StoreOptions.defaults())) {
            for (Block b : garbage) {
                store.blocks().delete(b.cid().multihash()); // garbage that no collection saw
            }
            assertEquals(List.of(1L, 2L), packIds(store));
            store.minPackCopyBudget = 600_000; // one pack's live records, not two
            assertEquals(0, store.gc().collect().blocksRemoved());
            assertEquals(2, packIds(store).size(), "one pack copied (into a third), one left: " + packIds(store));
            store.gc().collect();
            assertFalse(packIds(store).contains(1L) || packIds(store).contains(2L), "" + packIds(store));
            for (List<Block> leaves : keptLeaves) {
                for (Block b : leaves) {
                    assertArrayEquals(b.data(), store.blocks().get(b.cid()).orElseThrow().data());
                }
            }
            assertEquals(List.of(), store.packAccountingProblems());
        }
    }
}
