package io.cairn.core.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.Layout;
import io.cairn.core.ipld.DagTraversal;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.unixfs.DirectoryEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DagTraversal}'s walk over dag-pb DAGs against an independent recursive depth-first pre-order (the order `ipfs dag export` writes): every
 * reachable block once, a parent before its children, siblings in link order, repeated blocks only where first
 * reached.
 */
class DagTraversalOrderTest {
    private final MemoryBlockStore store = new MemoryBlockStore();

    private List<Block> walk(Cid root) throws IOException {
        List<Block> out = new ArrayList<>();
        DagTraversal.walk(store.source(), root, out::add);
        return out;
    }

    private List<Cid> cids(List<Block> blocks) {
        return blocks.stream().map(Block::cid).toList();
    }

    /** Recursive, unlike the walker's explicit stack. */
    private void preorder(Cid cid, Set<Cid> seen, List<Cid> out) {
        if (!seen.add(cid)) {
            return;
        }
        out.add(cid);
        if (cid.isCodec(Multicodec.DAG_PB)) {
            for (PbLink l : DagPb.decode(store.get(cid.multihash()).orElseThrow()).links()) {
                preorder(l.hash(), seen, out);
            }
        }
    }

    private List<Cid> expected(Cid root) {
        List<Cid> out = new ArrayList<>();
        preorder(root, new HashSet<>(), out);
        return out;
    }

    private void assertWalkIsPreorder(Cid root) throws IOException {
        List<Block> visited = walk(root);
        List<Cid> order = cids(visited);
        assertEquals(new LinkedHashSet<>(order).size(), order.size(), "a block visited twice");
        assertEquals(expected(root), order);
        assertEquals(root, order.get(0));
        for (Block b : visited) {
            assertArrayEquals(store.get(b.cid().multihash()).orElseThrow(), b.data(), "bytes of " + b.cid());
        }
        // Every block but the root comes after some parent that links to it.
        Map<Cid, Integer> at = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            at.put(order.get(i), i);
        }
        Map<Cid, Integer> firstParent = new HashMap<>();
        for (Cid parent : order) {
            if (parent.isCodec(Multicodec.DAG_PB)) {
                for (PbLink l : DagPb.decode(store.get(parent.multihash()).orElseThrow()).links()) {
                    firstParent.merge(l.hash(), at.get(parent), Math::min);
                }
            }
        }
        firstParent.forEach((child, parentAt) -> assertTrue(parentAt < at.get(child), "child before parent"));
        assertEquals(order.size() - 1, firstParent.size(), "blocks reached without a parent");
    }

    private Cid importFile(byte[] data, ImportOptions options) throws IOException {
        return FileDagBuilder.build(new ByteArrayInputStream(data), options, store).cid();
    }

    @Test
    void balancedAndTrickleFilesWalkInPreorder() throws IOException {
        byte[] data = new byte[50_000];
        new Random(11).nextBytes(data);
        for (Layout layout : Layout.values()) {
            for (boolean raw : new boolean[] {true, false}) {
                Cid root = importFile(data, ImportOptions.builder().chunker("size-300").maxLinks(3).layout(layout)
                        .rawLeaves(raw).build());
                assertWalkIsPreorder(root);
                assertTrue(new FileShape(store).leafCount(root) > 100);
            }
        }
    }

    /** All-zero chunks share one leaf CID: it is linked hundreds of times and visited once. */
    @Test
    void repeatedChunksAreVisitedOnce() throws IOException {
        Cid root = importFile(new byte[100_000],
                ImportOptions.builder().chunker("size-100").maxLinks(4).rawLeaves(true).cidVersion(1).build());
        List<Cid> order = cids(walk(root));
        assertWalkIsPreorder(root);
        long leaves = order.stream().filter(c -> c.isCodec(Multicodec.RAW)).count();
        assertEquals(1, leaves, "one distinct zero chunk");
        assertTrue(new FileShape(store).leafCount(root) == 1_000);
        // Full subtrees of zeros repeat too, so the whole file is a handful of blocks.
        assertTrue(order.size() < 20, order.size() + " blocks");
    }

    /** A directory that links one file under two names, and HAMTs below a plain root. */
    @Test
    void directoryTreesWalkInPreorderWithSharedSubtrees() throws IOException {
        byte[] data = new byte[5_000];
        new Random(2).nextBytes(data);
        Cid file = importFile(data, ImportOptions.builder().chunker("size-200").maxLinks(2).build());
        List<DirectoryEntry> entries = new ArrayList<>(DirectoryFixture.files(store,
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")));
        entries.add(new DirectoryEntry("same-1", file, data.length));
        entries.add(new DirectoryEntry("same-2", file, data.length));
        DirectoryEntry hamt = DirectoryFixture.hamt(store, "h", 8, entries);
        DirectoryEntry plain = DirectoryFixture.plain(store, "p", entries);
        Cid root = DirectoryFixture.plain(store, "root", List.of(hamt, plain,
                new DirectoryEntry("file", file, data.length))).cid();
        assertWalkIsPreorder(root);
        assertEquals(reachableCount(root), walk(root).size());
    }

    @Test
    void rawRootIsOneBlock() throws IOException {
        byte[] bytes = {1, 2, 3};
        Cid raw = store.add(new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, bytes), bytes));
        assertEquals(List.of(raw), cids(walk(raw)));
    }

    @Test
    void missingBlockStopsTheWalk() {
        Cid absent = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {9});
        Cid root = new HandDags(store).pb(HandDags.file(null, 1L, 1), HandDags.link(absent));
        assertThrows(BlockNotFoundException.class, () -> walk(root));
    }

    private int reachableCount(Cid root) {
        return expected(root).size();
    }
}
