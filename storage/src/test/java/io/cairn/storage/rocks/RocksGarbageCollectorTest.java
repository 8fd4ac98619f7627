package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection over the candidate set, temporary pins and add sessions. */
class RocksGarbageCollectorTest {
    @TempDir
    Path dir;

    private RocksStore store;
    private BlockStore blocks;
    private final Dags dags = new Dags();

    @BeforeEach
    void open() throws IOException {
        store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults());
        blocks = store.blocks();
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    private Set<Multihash> stored() throws IOException {
        Set<Multihash> out = new HashSet<>();
        for (Block b : dags.made.values()) {
            if (blocks.has(b.cid().multihash())) {
                out.add(b.cid().multihash());
            }
        }
        return out;
    }

    private static Set<Multihash> keys(Block... bs) {
        Set<Multihash> out = new HashSet<>();
        for (Block b : bs) {
            out.add(b.cid().multihash());
        }
        return out;
    }

    @Test
    void collectsExactlyTheUnpinnedBlocks() throws IOException {
        Block kept = dags.node("kept", dags.raw("k1"), dags.raw("k2"));
        Block loose1 = dags.raw("loose 1");
        Block loose2 = dags.node("loose 2", dags.raw("k1"));
        for (Block b : dags.made.values()) {
            blocks.put(b);
        }
        store.pins().add(kept.cid(), PinMode.RECURSIVE, null);
        long before = store.stat().bytes();
        GcResult r = store.gc().collect();
        assertEquals(2, r.blocksRemoved());
        assertEquals(loose1.size() + loose2.size(), r.bytesRemoved());
        assertEquals(dags.reachable(kept.cid()), stored());
        assertEquals(new StoreStat(3, before - r.bytesRemoved(), StoreOptions.DEFAULT_STORAGE_MAX), store.stat());
        GcResult again = store.gc().collect();
        assertEquals(new GcResult(0, 0, 0), again, "the candidate set is empty after a collection");
    }

    @Test
    @SuppressWarnings("try")
    void temporaryPinsHoldBlocksUntilClosed() throws IOException {
        Block a = dags.raw("a");
        Block b = dags.raw("b");
        Block c = dags.raw("c");
        Dags.putAll(blocks, a, b, c);
        try (TempPin held = store.tempPin(List.of(a.cid().multihash(), b.cid().multihash()))) {
            GcResult r = store.gc().collect();
            assertEquals(1, r.blocksRemoved());
            assertEquals(keys(a, b), stored());
            assertThrows(BlockInUseException.class, () -> blocks.delete(a.cid().multihash()));
            assertEquals(keys(a, b), stored(), "a second collection still keeps them");
            store.gc().collect();
            assertEquals(keys(a, b), stored());
        }
        GcResult r = store.gc().collect();
        assertEquals(2, r.blocksRemoved(), "their candidacy was kept while held");
        assertEquals(Set.of(), stored());
    }

    @Test
    @SuppressWarnings("try")
    void aTemporaryPinMayHoldABlockNotYetStored() throws IOException {
        Block a = dags.raw("arrives later");
        try (TempPin held = store.tempPin(List.of(a.cid().multihash()))) {
            blocks.put(a);
            store.gc().collect();
            assertTrue(blocks.has(a.cid().multihash()));
        }
    }

    @Test
    void anUncommittedAddIsHeldThenCollected() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        store.addBatchBytes = 1; // write each block as it is put, as a large add does every 32 MiB
        AddSession session = store.beginAdd();
        session.put(leaf);
        session.put(root);
        assertEquals(2, store.stat().objects());
        assertEquals(0, store.gc().collect().blocksRemoved(), "held while the session is open");
        assertTrue(blocks.has(root.cid().multihash()));
        session.close();
        assertEquals(0, store.tempPinnedCount());
        assertEquals(2, store.gc().collect().blocksRemoved());
        assertEquals(Set.of(), stored());
    }

    @Test
    void aCommittedAddKeepsItsDagAndReleasesItsHolds() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf, dags.raw("leaf 2"));
        try (AddSession session = store.beginAdd()) {
            for (Block b : dags.made.values()) {
                session.put(b);
            }
            session.commit(root.cid(), PinMode.RECURSIVE, "added");
        }
        assertEquals(0, store.tempPinnedCount());
        assertEquals(new Pin(root.cid(), PinType.RECURSIVE, "added"), store.pins().get(root.cid()).orElseThrow());
        GcResult r = store.gc().collect();
        assertEquals(0, r.blocksRemoved());
        assertEquals(0, r.candidatesSeen(), "blocks that came alive in the commit left the candidate set with it");
        assertEquals(dags.reachable(root.cid()), stored());
    }

    @Test
    void anAddOfBlocksAlreadyStoredHoldsThemAgainstACollection() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        Dags.putAll(blocks, leaf, root);
        try (AddSession session = store.beginAdd()) {
            session.put(leaf);
            session.put(root);
            assertEquals(0, store.gc().collect().blocksRemoved(), "found present, so held by the session");
            session.commit(root.cid(), PinMode.RECURSIVE, null);
        }
        assertEquals(0, store.gc().collect().blocksRemoved());
        assertEquals(new StoreStat(2, leaf.size() + root.size(), StoreOptions.DEFAULT_STORAGE_MAX), store.stat());
    }

    @Test
    void anAddCommittedWithoutAPinLeavesItsBlocksCollectable() throws IOException {
        Block root = dags.node("root", dags.raw("leaf"));
        try (AddSession session = store.beginAdd()) {
            for (Block b : dags.made.values()) {
                session.put(b);
            }
            session.commit(root.cid(), PinMode.NONE, null);
        }
        assertEquals(2, store.gc().collect().blocksRemoved());
    }

    @Test
    void aFailedCommitLeavesTheSessionToBeClosed() throws IOException {
        Block missing = dags.raw("never put");
        Block root = dags.node("root", missing);
        try (AddSession session = store.beginAdd()) {
            session.put(root);
            MissingBlockException e = assertThrows(MissingBlockException.class,
                    () -> session.commit(root.cid(), PinMode.RECURSIVE, null));
            assertEquals(missing.cid(), e.cid());
        }
        assertEquals(Optional.empty(), store.pins().get(root.cid()));
        assertEquals(1, store.gc().collect().blocksRemoved());
    }

    @Test
    void blockDeleteRefusesPinnedBlocks() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        Dags.putAll(blocks, leaf, root);
        store.pins().add(root.cid(), PinMode.RECURSIVE, null);
        BlockInUseException e = assertThrows(BlockInUseException.class, () -> blocks.delete(leaf.cid().multihash()));
        assertEquals(leaf.cid().multihash(), e.multihash());
        store.pins().remove(root.cid(), true);
        blocks.delete(leaf.cid().multihash());
        assertFalse(blocks.has(leaf.cid().multihash()));
    }

    /**
     * The cost of a collection follows the garbage: with 3,000 pinned blocks and 40 garbage blocks it reads 40
     * candidates, checks 40 liveness entries and 40 sizes, deletes 40 blocks, and reads no block bytes.
     */
    @Test
    void costFollowsTheGarbageNotTheStore() throws IOException {
        List<Block> pinnedLeaves = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            pinnedLeaves.add(dags.raw("pinned " + i));
        }
        List<Block> middles = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            middles.add(dags.node("middle " + i, pinnedLeaves.subList(i * 100, (i + 1) * 100)));
        }
        Block root = dags.node("root", middles);
        try (AddSession session = store.beginAdd()) {
            for (Block b : dags.made.values()) {
                session.put(b);
            }
            session.commit(root.cid(), PinMode.RECURSIVE, null);
        }
        store.gc().collect();
        int k = 40;
        for (int i = 0; i < k; i++) {
            blocks.put(dags.raw("garbage " + i));
        }
        long objects = store.stat().objects();
        store.counters().reset();
        GcResult r = store.gc().collect();
        StoreCounters c = store.counters();
        assertEquals(new GcResult(k, r.bytesRemoved(), k), r);
        assertEquals(k, c.candidatesRead.get(), c.toString());
        assertEquals(k, c.livenessChecks.get(), c.toString());
        assertEquals(k, c.sizeReads.get(), c.toString());
        assertEquals(k, c.blockDeletes.get(), c.toString());
        assertEquals(0, c.blockReads.get(), c.toString());
        assertEquals(objects - k, store.stat().objects());
    }

    @Test
    void collectsOnlyPastTheWatermark() throws IOException {
        store.close();
        StoreOptions options = StoreOptions.defaults().withStorageMax(10_000).withGcWatermark(50);
        store = RocksStore.open(dir.resolve("store"), options);
        blocks = store.blocks();
        blocks.put(dags.raw(new byte[4000]));
        assertEquals(Optional.empty(), store.gc().collectIfOverWatermark(), "4000 <= 10000 * 50%");
        blocks.put(dags.raw(new byte[2000]));
        assertEquals(Optional.of(new GcResult(2, 6000, 2)), store.gc().collectIfOverWatermark());
        assertEquals(0, store.stat().bytes());
    }

    @Test
    void largeCollectionsWorkInChunks() throws IOException {
        int n = RocksGarbageCollector.CHUNK * 2 + 17;
        try (AddSession session = store.beginAdd()) {
            for (int i = 0; i < n; i++) {
                session.put(dags.raw("g" + i));
            }
            session.commit(dags.raw("g0").cid(), PinMode.NONE, null);
        }
        Block keep = dags.raw("g1000");
        store.pins().add(keep.cid(), PinMode.DIRECT, null);
        GcResult r = store.gc().collect();
        assertEquals(n - 1, r.blocksRemoved());
        assertEquals(Set.of(keep.cid().multihash()), stored());
    }
}
