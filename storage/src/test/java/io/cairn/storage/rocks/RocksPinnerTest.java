package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins as reference counts on a real RocksDB. */
class RocksPinnerTest {
    @TempDir
    Path dir;

    private RocksStore store;
    private BlockStore blocks;
    private Pinner pins;
    private final Dags dags = new Dags();

    @BeforeEach
    void open() throws IOException {
        store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults());
        blocks = store.blocks();
        pins = store.pins();
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

    private void storeAll() throws IOException {
        for (Block b : dags.made.values()) {
            blocks.put(b);
        }
    }

    private static <T> List<T> drain(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void recursivePinNeedsTheWholeDagAndNamesTheFirstMissingBlock() throws IOException {
        Block a = dags.raw("a");
        Block b = dags.raw("b");
        Block c = dags.raw("c");
        Block mid = dags.node("mid", b, c);
        Block root = dags.node("root", a, mid);
        Dags.putAll(blocks, a, mid, root, c);
        MissingBlockException e = assertThrows(MissingBlockException.class,
                () -> pins.add(root.cid(), PinMode.RECURSIVE, null));
        assertEquals(b.cid(), e.cid());
        assertTrue(e.getMessage().contains(b.cid().toString()));
        assertEquals(Optional.empty(), pins.get(root.cid()), "a failed pin writes nothing");
        assertEquals(List.of(), pins.verify());
        blocks.put(b);
        pins.add(root.cid(), PinMode.RECURSIVE, null);
        assertEquals(PinType.RECURSIVE, pins.get(root.cid()).orElseThrow().type());
        assertEquals(List.of(), pins.verify());
    }

    @Test
    void directPinNeedsOnlyItsBlockAndKeepsOnlyIt() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        assertThrows(MissingBlockException.class, () -> pins.add(root.cid(), PinMode.DIRECT, null));
        blocks.put(root);
        pins.add(root.cid(), PinMode.DIRECT, "d");
        blocks.put(leaf);
        store.gc().collect();
        assertEquals(Set.of(root.cid().multihash()), stored(), "a direct pin keeps its block, not its children");
        assertEquals(new Pin(root.cid(), PinType.DIRECT, "d"), pins.get(root.cid()).orElseThrow());
        assertEquals(Optional.empty(), pins.get(leaf.cid()), "nothing below a direct pin is pinned");
        assertEquals(List.of(), pins.verify());
    }

    @Test
    void sharedSubtreesLiveUntilTheirLastPinGoes() throws IOException {
        Block s1 = dags.raw("shared-1");
        Block s2 = dags.raw("shared-2");
        Block shared = dags.node("shared", s1, s2);
        Block onlyA = dags.raw("only-a");
        Block onlyB = dags.raw("only-b");
        Block rootA = dags.node("A", shared, onlyA);
        Block rootB = dags.node("B", onlyB, shared, s1);
        storeAll();
        pins.add(rootA.cid(), PinMode.RECURSIVE, "a");
        pins.add(rootB.cid(), PinMode.RECURSIVE, "b");
        assertEquals(List.of(), pins.verify());

        pins.remove(rootA.cid(), true);
        GcResult r = store.gc().collect();
        Set<Multihash> expected = dags.reachable(rootB.cid());
        assertEquals(expected, stored(), "only A's own blocks go");
        assertEquals(2, r.blocksRemoved());
        assertEquals(rootA.size() + onlyA.size(), r.bytesRemoved());
        assertEquals(List.of(), pins.verify());

        pins.remove(rootB.cid(), true);
        store.gc().collect();
        assertEquals(Set.of(), stored());
        assertEquals(new StoreStat(0, 0, StoreOptions.DEFAULT_STORAGE_MAX), store.stat());
        assertEquals(List.of(), pins.verify());
    }

    @Test
    void pinningASecondDagStopsAtBlocksAlreadyLive() throws IOException {
        List<Block> leaves = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            leaves.add(dags.raw("leaf " + i));
        }
        Block big = dags.node("big", leaves);
        Block bigger = dags.node("bigger", big, dags.raw("extra"));
        storeAll();
        pins.add(big.cid(), PinMode.RECURSIVE, null);
        store.counters().reset();
        pins.add(bigger.cid(), PinMode.RECURSIVE, null);
        // Reads bigger only; big is live already, so its 50 leaves are neither read nor counted again.
        assertEquals(1, store.counters().blockReads.get(), store.counters().toString());
        assertEquals(3, store.counters().refWrites.get(), "bigger, big (1 -> 2) and extra");
    }

    /**
     * A 3-level tree of 21 dag-pb nodes and 400 leaves; the new version changes one leaf, so only the path to it
     * (root, one middle node, the leaf) differs.
     */
    @Test
    void pinUpdateTouchesOnlyTheBlocksThatDiffer() throws IOException {
        List<Block> middles = new ArrayList<>();
        Block oldMiddle = null;
        Block newMiddle = null;
        for (int m = 0; m < 20; m++) {
            List<Block> leaves = new ArrayList<>();
            for (int l = 0; l < 20; l++) {
                leaves.add(dags.raw("leaf " + m + "/" + l));
            }
            Block middle = dags.node("middle " + m, leaves);
            middles.add(middle);
            if (m == 7) {
                oldMiddle = middle;
                List<Block> changed = new ArrayList<>(leaves);
                changed.set(3, dags.raw("changed leaf"));
                newMiddle = dags.node("middle 7", changed);
            }
        }
        Block oldRoot = dags.node("root", middles);
        List<Block> newMiddles = new ArrayList<>(middles);
        newMiddles.set(7, newMiddle);
        Block newRoot = dags.node("root", newMiddles);
        storeAll();
        pins.add(oldRoot.cid(), PinMode.RECURSIVE, "site");

        store.counters().reset();
        pins.update(oldRoot.cid(), newRoot.cid(), true);
        StoreCounters c = store.counters();
        // Read: new root and new middle (incremented), old root and old middle (decremented).
        assertEquals(4, c.blockReads.get(), c.toString());
        // Written: the two new nodes and the new leaf come alive, the two old nodes and the old leaf die; the 19
        // shared middles and 19 shared leaves go up then down again and are not written.
        assertEquals(6, c.refWrites.get(), c.toString());
        assertTrue(c.refReads.get() <= 2 * (1 + 20 + 20), c.toString());

        assertEquals(new Pin(newRoot.cid(), PinType.RECURSIVE, "site"), pins.get(newRoot.cid()).orElseThrow());
        assertEquals(Optional.empty(), pins.get(oldRoot.cid()));
        assertEquals(List.of(), pins.verify());
        GcResult r = store.gc().collect();
        assertEquals(3, r.blocksRemoved(), "old root, old middle, old leaf");
        assertEquals(dags.reachable(newRoot.cid()), stored());
    }

    @Test
    void pinUpdateCanKeepTheOldPin() throws IOException {
        Block a = dags.node("a", dags.raw("x"));
        Block b = dags.node("b", dags.raw("y"));
        storeAll();
        pins.add(a.cid(), PinMode.RECURSIVE, "n");
        pins.update(a.cid(), b.cid(), false);
        assertEquals(PinType.RECURSIVE, pins.get(a.cid()).orElseThrow().type());
        assertEquals(new Pin(b.cid(), PinType.RECURSIVE, "n"), pins.get(b.cid()).orElseThrow());
        assertThrows(NotPinnedException.class, () -> pins.update(dags.raw("x").cid(), b.cid(), true));
        pins.update(a.cid(), a.cid(), true);
        assertTrue(pins.get(a.cid()).isPresent(), "updating a pin to itself keeps it");
        assertEquals(List.of(), pins.verify());
    }

    @Test
    void directAndRecursivePinsOnTheSameCid() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        storeAll();
        pins.add(root.cid(), PinMode.DIRECT, "first");
        pins.add(root.cid(), PinMode.RECURSIVE, null);
        assertEquals(new Pin(root.cid(), PinType.RECURSIVE, "first"), pins.get(root.cid()).orElseThrow(),
                "a direct pin becomes recursive and keeps its name");
        assertThrows(PinConflictException.class, () -> pins.add(root.cid(), PinMode.DIRECT, null));
        assertThrows(PinConflictException.class, () -> pins.remove(root.cid(), false));
        assertEquals(List.of(), pins.verify());
        pins.remove(root.cid(), true);
        assertEquals(Optional.empty(), pins.get(root.cid()));
        assertEquals(List.of(), pins.verify());
    }

    @Test
    void removeRefusesWhatIsNotPinned() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        storeAll();
        NotPinnedException e = assertThrows(NotPinnedException.class, () -> pins.remove(root.cid(), true));
        assertEquals(root.cid(), e.cid());
        pins.add(root.cid(), PinMode.RECURSIVE, null);
        e = assertThrows(NotPinnedException.class, () -> pins.remove(leaf.cid(), true));
        assertTrue(e.getMessage().contains("indirectly"), e.getMessage());
        assertEquals(new Pin(leaf.cid(), PinType.INDIRECT, null), pins.get(leaf.cid()).orElseThrow());
    }

    @Test
    void aPinMadeAsCidV0IsFoundAsCidV1() throws IOException {
        Block root = dags.node("root", dags.raw("leaf"));
        storeAll();
        pins.add(root.cid(), PinMode.RECURSIVE, "v0");
        Cid v1 = root.cid().toV1();
        assertEquals(new Pin(root.cid(), PinType.RECURSIVE, "v0"), pins.get(v1).orElseThrow());
        pins.add(v1, PinMode.RECURSIVE, null);
        assertEquals(1, drain(pins.list(PinType.RECURSIVE)).size(), "pinning the v1 form again changes nothing");
        pins.remove(v1, true);
        assertEquals(Optional.empty(), pins.get(root.cid()));
        assertEquals(List.of(), pins.verify());
    }

    @Test
    void listsEveryKindOnce() throws IOException {
        Block l1 = dags.raw("l1");
        Block l2 = dags.raw("l2");
        Block sub = dags.node("sub", l1, l2);
        Block r1 = dags.node("r1", sub, l1);
        Block r2 = dags.node("r2", sub);
        Block d = dags.raw("direct");
        storeAll();
        pins.add(r1.cid(), PinMode.RECURSIVE, "one");
        pins.add(r2.cid(), PinMode.RECURSIVE, null);
        pins.add(d.cid(), PinMode.DIRECT, null);
        pins.add(sub.cid(), PinMode.RECURSIVE, "sub too");

        assertEquals(Set.of(new Pin(r1.cid(), PinType.RECURSIVE, "one"), new Pin(r2.cid(), PinType.RECURSIVE, null),
                new Pin(sub.cid(), PinType.RECURSIVE, "sub too")), new HashSet<>(drain(pins.list(PinType.RECURSIVE))));
        assertEquals(List.of(new Pin(d.cid(), PinType.DIRECT, null)), drain(pins.list(PinType.DIRECT)));
        List<Pin> indirect = drain(pins.list(PinType.INDIRECT));
        assertEquals(Set.of(l1.cid(), l2.cid()), indirect.stream().map(Pin::cid).collect(Collectors.toSet()));
        assertEquals(2, indirect.size(), "each indirect CID once");
        List<Pin> all = drain(pins.list(PinType.ALL));
        assertEquals(6, all.size(), all.toString());
        assertEquals(6, all.stream().map(Pin::cid).distinct().count());
    }

    @Test
    void namesAreKeptAndReplaced() throws IOException {
        Block root = dags.node("root");
        storeAll();
        pins.add(root.cid(), PinMode.RECURSIVE, "před");
        assertEquals("před", pins.get(root.cid()).orElseThrow().name());
        pins.add(root.cid(), PinMode.RECURSIVE, null);
        assertEquals("před", pins.get(root.cid()).orElseThrow().name(), "no name keeps the old one");
        pins.add(root.cid(), PinMode.RECURSIVE, "after");
        assertEquals("after", pins.get(root.cid()).orElseThrow().name());
        pins.add(root.cid(), PinMode.RECURSIVE, "");
        assertEquals("", pins.get(root.cid()).orElseThrow().name());
    }

    @Test
    void verifyReportsACorruptPinnedBlock() throws IOException {
        Block leaf = dags.raw("leaf");
        Block root = dags.node("root", leaf);
        storeAll();
        pins.add(root.cid(), PinMode.RECURSIVE, null);
        store.overwriteBlockBytes(leaf.cid().multihash(), "something else".getBytes());
        List<String> problems = pins.verify();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(leaf.cid().toString()), problems.get(0));
        assertTrue(problems.get(0).contains("corrupt"), problems.get(0));
    }

    @Test
    void aBlockThatIsBothRawAndDagPbIsGarbageOnlyWhenBothAreDead() throws IOException {
        Block root = dags.node("root", dags.raw("x"));
        storeAll();
        Cid asRaw = Cid.v1(Multicodec.RAW, root.cid().multihash());
        pins.add(asRaw, PinMode.RECURSIVE, null);
        pins.add(root.cid(), PinMode.RECURSIVE, null);
        pins.remove(root.cid(), true);
        store.gc().collect();
        assertTrue(blocks.has(root.cid().multihash()), "still pinned under its raw CID");
        assertFalse(blocks.has(dags.raw("x").cid().multihash()), "the raw CID has no links");
        pins.remove(asRaw, true);
        store.gc().collect();
        assertFalse(blocks.has(root.cid().multihash()));
        assertEquals(List.of(), pins.verify());
    }
}
