package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recursive pins, listings, verification and GC over dag-cbor and dag-json DAGs (mixed with dag-pb and raw). */
class IpldPinTest {
    @TempDir
    Path dir;

    private RocksStore store;
    private final Dags dags = new Dags();

    @BeforeEach
    void open() throws IOException {
        store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults());
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    private Set<Multihash> stored() throws IOException {
        Set<Multihash> out = new HashSet<>();
        for (Block b : dags.made.values()) {
            if (store.blocks().has(b.cid().multihash())) {
                out.add(b.cid().multihash());
            }
        }
        return out;
    }

    /** root (dag-cbor) -> json (dag-json) -> cbor (dag-cbor) -> raw leaves, plus a dag-pb subtree in between. */
    private Block mixedDag() {
        Block a = dags.raw("a");
        Block b = dags.raw("b");
        Block c = dags.raw("c");
        Block inner = dags.cbor("inner", a, b, a);
        Block pb = dags.node("pb", c, inner);
        Block json = dags.json("json", inner, pb, dags.raw("d"));
        return dags.cbor("root", json, dags.raw("e"), pb);
    }

    @Test
    void recursivePinOfADagCborDagKeepsEveryBlockThroughGc() throws IOException {
        Block root = mixedDag();
        try (AddSession session = store.beginAdd()) {
            for (Block b : dags.made.values()) {
                session.put(b);
            }
            session.commit(root.cid(), PinMode.RECURSIVE, "mixed");
        }
        Block stray = dags.raw("stray");
        store.blocks().put(stray);
        store.gc().collect();
        Set<Multihash> expected = dags.reachable(root.cid());
        assertEquals(dags.made.size() - 1, expected.size());
        assertEquals(expected, stored());
        assertEquals(List.of(), store.pins().verify());

        Set<Cid> indirect = new HashSet<>();
        store.pins().list(PinType.INDIRECT).forEachRemaining(p -> indirect.add(p.cid()));
        Set<Cid> want = new HashSet<>(dags.made.keySet());
        want.remove(root.cid());
        want.remove(stray.cid());
        assertEquals(want, indirect);

        store.pins().remove(root.cid(), true);
        store.gc().collect();
        assertEquals(Set.of(), stored());
    }

    @Test
    void pinningThroughStoredBlocksReadsTheirLinks() throws IOException {
        // No add-session hints: every link is read back from the store.
        Block root = mixedDag();
        for (Block b : dags.made.values()) {
            store.blocks().put(b);
        }
        store.pins().add(root.cid(), PinMode.RECURSIVE, null);
        store.gc().collect();
        assertEquals(dags.reachable(root.cid()), stored());
        assertEquals(List.of(), store.pins().verify());
    }

    @Test
    void aMissingChildOfADagJsonNodeFailsThePin() throws IOException {
        Block leaf = dags.raw("leaf");
        Block json = dags.json("j", leaf);
        Block root = dags.cbor("r", json);
        store.blocks().put(root);
        store.blocks().put(json);
        MissingBlockException e = assertThrows(MissingBlockException.class,
                () -> store.pins().add(root.cid(), PinMode.RECURSIVE, null));
        assertEquals(leaf.cid(), e.cid());
        assertTrue(store.pins().get(root.cid()).isEmpty());
    }

    @Test
    void unreadableAndUnknownBlocksAreRefusedByARecursivePin() throws IOException {
        byte[] bad = {(byte) 0x9f, 0x01, (byte) 0xff}; // an indefinite-length array: not DAG-CBOR
        Block malformed = new Block(Cid.of(1, io.cairn.core.multiformats.Multicodec.DAG_CBOR,
                HashFunction.SHA2_256, bad), bad);
        store.blocks().put(malformed);
        IOException e = assertThrows(IOException.class,
                () -> store.pins().add(malformed.cid(), PinMode.RECURSIVE, null));
        assertTrue(e.getMessage().contains("links cannot be read"), e.getMessage());

        byte[] data = "git object".getBytes(StandardCharsets.UTF_8);
        Cid gitRaw = Cid.v1(0x78, Multihash.digest(HashFunction.SHA2_256, data));
        store.blocks().put(new Block(gitRaw, data));
        e = assertThrows(IOException.class, () -> store.pins().add(gitRaw, PinMode.RECURSIVE, null));
        assertTrue(e.getMessage().contains("git-raw") || e.getMessage().contains("0x78"), e.getMessage());
        // A direct pin keeps one block and reads nothing: allowed for both.
        store.pins().add(gitRaw, PinMode.DIRECT, null);
        store.pins().add(malformed.cid(), PinMode.DIRECT, null);
        assertEquals(List.of(), store.pins().verify());
        assertFalse(store.pins().get(gitRaw).isEmpty());
    }
}
