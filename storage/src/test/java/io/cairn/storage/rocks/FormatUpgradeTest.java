package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A store written under format 1 (reference counts follow dag-pb links only) is recounted when opened for writing,
 * so the children of its dag-cbor and dag-json blocks become live and survive GC; a read-only open reads it as it is.
 */
class FormatUpgradeTest {
    @TempDir
    Path dir;

    private final Dags dags = new Dags();

    private Block leafA;
    private Block leafB;
    private Block shared;
    private Block cborRoot;
    private Block pbRoot;
    private Block cborUnderPb;
    private Block jsonUnderCbor;
    private Block missingChild;
    private Block missingCbor;

    /**
     * Writes the blocks, then the pins and counts exactly as format 1's code would have left them: recursive pins on
     * {@code cborRoot} and {@code pbRoot}; deep counts 1 on each root and on {@code pbRoot}'s dag-pb links
     * ({@code shared}, {@code cborUnderPb}); nothing below a dag-cbor block counted; every other block a GC
     * candidate; format "1".
     */
    private Path oldStore() throws IOException, RocksDBException {
        leafA = dags.raw("a");
        leafB = dags.raw("b");
        shared = dags.raw("shared");
        missingChild = dags.raw("never stored");
        missingCbor = dags.cbor("missing at the upgrade", shared);
        jsonUnderCbor = dags.json("j", leafB, shared, missingChild, missingCbor);
        cborRoot = dags.cbor("root", leafA, jsonUnderCbor, shared);
        cborUnderPb = dags.cbor("under pb", leafB);
        pbRoot = dags.node("pb", shared, cborUnderPb);
        Path path = dir.resolve("store");
        try (RocksStore store = RocksStore.open(path, StoreOptions.defaults())) {
            for (Block b : dags.made.values()) {
                if (b != missingChild && b != missingCbor) {
                    store.blocks().put(b);
                }
            }
            try (WriteBatch batch = new WriteBatch()) {
                Database d = store.data;
                batch.put(d.pins, cborRoot.cid().toBytes(), Keys.pinValue(PinType.RECURSIVE, "cbor"));
                batch.put(d.pins, pbRoot.cid().toBytes(), Keys.pinValue(PinType.RECURSIVE, null));
                for (Block live : List.of(cborRoot, pbRoot, shared, cborUnderPb)) {
                    batch.put(d.refs, Keys.ref(live.cid()), Keys.refValue(1, 0));
                    batch.delete(d.gc, live.cid().multihash().toBytes());
                }
                batch.put(d.meta, Keys.META_FORMAT, "1".getBytes(StandardCharsets.US_ASCII));
                d.db.write(d.syncWrite, batch);
            }
        }
        return path;
    }

    private static String format(RocksStore store) throws RocksDBException {
        return new String(store.data.db.get(store.data.meta, Keys.META_FORMAT), StandardCharsets.US_ASCII);
    }

    private Set<Multihash> stored(RocksStore store) throws IOException {
        Set<Multihash> out = new HashSet<>();
        for (Block b : dags.made.values()) {
            if (store.blocks().has(b.cid().multihash())) {
                out.add(b.cid().multihash());
            }
        }
        return out;
    }

    @Test
    void openingForWritingRecountsSoChildrenSurviveGc() throws Exception {
        Path path = oldStore();
        try (RocksStore store = RocksStore.open(path, StoreOptions.defaults())) {
            assertEquals(Keys.FORMAT_VERSION, format(store));
            // Counts after the upgrade equal a recount from the pins; the only problems are the blocks format 1
            // let an incomplete pin leave out.
            assertEquals(Set.of("block " + missingChild.cid() + " (pinned by " + cborRoot.cid() + ") is missing",
                    "block " + missingCbor.cid() + " (pinned by " + cborRoot.cid() + ") is missing"),
                    Set.copyOf(store.pins().verify()));
            store.gc().collect();
            Set<Multihash> all = new HashSet<>();
            for (Block b : dags.made.values()) {
                all.add(b.cid().multihash());
            }
            all.remove(missingChild.cid().multihash());
            all.remove(missingCbor.cid().multihash());
            assertEquals(all, stored(store), "every stored block is reachable and survives GC");
            // shared: linked from pbRoot, cborRoot and jsonUnderCbor; leafB from jsonUnderCbor and cborUnderPb.
            assertEquals(3, deep(store, shared.cid()));
            assertEquals(2, deep(store, leafB.cid()));
            assertEquals(1, deep(store, missingChild.cid()), "a missing block is counted, and logged");
        }
        // Reopening does not count again. The block that was missing arrives; its links stay uncounted, and
        // verify says so.
        try (RocksStore store = RocksStore.open(path, StoreOptions.defaults())) {
            assertEquals(3, deep(store, shared.cid()));
            store.blocks().put(missingCbor);
            assertTrue(store.pins().verify().contains("the links of block " + missingCbor.cid() + " (pinned by "
                    + cborRoot.cid() + ") are not counted: it was missing when the store was upgraded; unpin and pin "
                    + cborRoot.cid() + " again to count them"));
            // Unpinning must not take back the links it never counted: shared stays live through pbRoot.
            store.pins().remove(cborRoot.cid(), true);
            store.gc().collect();
            assertEquals(Set.of(pbRoot.cid().multihash(), shared.cid().multihash(), cborUnderPb.cid().multihash(),
                    leafB.cid().multihash()), stored(store), "unpinning frees exactly what only the old pin held");
            assertEquals(List.of(), store.pins().verify());
        }
    }

    @Test
    void aReadOnlyOpenReadsTheOldStoreWithoutRecounting() throws Exception {
        Path path = oldStore();
        try (RocksStore store = RocksStore.open(path, StoreOptions.defaults().withReadOnly(true))) {
            assertEquals("1", format(store));
            assertEquals(0, deep(store, leafA.cid()));
            List<String> problems = store.pins().verify();
            assertTrue(problems.get(0).contains("format 1"), problems.toString());
            Set<Cid> indirect = new HashSet<>();
            store.pins().list(PinType.INDIRECT).forEachRemaining(p -> indirect.add(p.cid()));
            assertTrue(indirect.contains(leafA.cid()), "listings follow dag-cbor links: " + indirect);
        }
        try (RocksStore store = RocksStore.open(path, StoreOptions.defaults())) {
            assertEquals(Keys.FORMAT_VERSION, format(store));
            assertEquals(1, deep(store, leafA.cid()));
        }
    }

    private static long deep(RocksStore store, Cid cid) throws IOException, RocksDBException {
        byte[] v = store.data.db.get(store.data.refs, Keys.ref(cid));
        return v == null ? 0 : Keys.parseRefValue(v)[0];
    }
}
