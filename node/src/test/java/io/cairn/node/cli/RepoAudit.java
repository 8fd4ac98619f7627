package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.Varint;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.rocks.Pin;
import io.cairn.storage.rocks.PinType;
import io.cairn.storage.rocks.RocksStore;
import io.cairn.storage.rocks.StoreOptions;
import io.cairn.storage.rocks.StoreStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Checks a repository the way the crash test demands, with as little trust in the code under test as it can: the
 * repository must open; {@link RocksStore#verify()} and {@link io.cairn.storage.rocks.Pinner#verify()} must find
 * nothing; a walk of its own from every pin (reading and re-hashing each block, decoding dag-pb links with core's
 * codec) must find every block; and one garbage collection must leave exactly the walked set stored, deleting
 * exactly what was stored beyond it. "Stored" is read from the RocksDB files directly (the {@code blocks} and
 * {@code sizes} column families, opened read-only while the store is closed), not from the store's API, and the
 * store's object and byte counters must agree with it.
 */
final class RepoAudit {
    /** What one audit found: the pins, the blocks they reach, and what the collection deleted. */
    record Result(Set<Cid> recursivePins, Set<Cid> directPins, Set<Multihash> reachable, Set<Multihash> removed) {}

    /**
     * The stored state read from the database files; {@code packed} is, per pack file id, the bytes of the records
     * the index points into it ({@code 13 + multihash + data}, as docs/storage-design.md lays a record out).
     */
    private record Raw(Set<Multihash> blocks, Map<Multihash, Long> sizes, Set<Multihash> candidates,
            Map<Long, Long> packed) {
        long bytes() {
            return sizes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private RepoAudit() {}

    /** Audits {@code repoDir} and runs one garbage collection on it; fails the test on any unsoundness. */
    static Result auditAndCollect(Path repoDir) throws Exception {
        Set<Cid> recursive;
        Set<Cid> direct;
        Set<Multihash> reachable;
        StoreStat before;
        Path blocksDir;
        try (Repo repo = Repo.open(repoDir);
                RocksStore store = RocksStore.open(repo.blocksPath(), StoreOptions.defaults())) {
            blocksDir = repo.blocksPath();
            List<Multihash> corrupt = store.verify();
            assertEquals(List.of(), corrupt, "blocks that do not hash to their key");
            assertEquals(List.of(), store.pins().verify(), "pin problems reported by Pinner.verify");
            recursive = cids(store.pins().list(PinType.RECURSIVE));
            direct = cids(store.pins().list(PinType.DIRECT));
            reachable = walk(store, recursive, direct);
            before = store.stat();
        }
        Raw raw = readRaw(blocksDir);
        assertEquals(raw.blocks(), raw.sizes().keySet(), "the blocks and sizes column families disagree");
        assertEquals(raw.blocks().size(), before.objects(), "object counter vs stored blocks");
        assertEquals(raw.bytes(), before.bytes(), "byte counter vs stored bytes");
        Set<Multihash> garbage = minus(raw.blocks(), reachable);
        Set<Multihash> uncounted = minus(garbage, raw.candidates());
        assertTrue(uncounted.isEmpty(), uncounted.size() + " unreachable blocks are not GC candidates, e.g. "
                + sample(uncounted));

        Set<Multihash> removed = new HashSet<>();
        StoreStat after;
        try (Repo repo = Repo.open(repoDir);
                RocksStore store = RocksStore.open(repo.blocksPath(), StoreOptions.defaults())) {
            store.gc().collect(mh -> assertTrue(removed.add(mh), "GC reported " + mh + " twice"));
            after = store.stat();
        }
        Raw collected = readRaw(blocksDir);
        Set<Multihash> lost = minus(reachable, collected.blocks());
        assertTrue(lost.isEmpty(), "GC deleted " + lost.size() + " pinned blocks, e.g. " + sample(lost));
        Set<Multihash> survived = minus(collected.blocks(), reachable);
        assertTrue(survived.isEmpty(), "GC left " + survived.size() + " unreachable blocks, e.g. " + sample(survived));
        assertEquals(garbage, removed, "GC must report deleting exactly the unreachable blocks");
        assertEquals(Set.of(), collected.candidates(), "candidates left after a GC with no add running");
        assertEquals(collected.blocks(), collected.sizes().keySet(), "blocks and sizes disagree after GC");
        assertEquals(collected.blocks().size(), after.objects(), "object counter after GC");
        assertEquals(collected.bytes(), after.bytes(), "byte counter after GC");
        assertPacksGivenBack(blocksDir, collected);
        return new Result(recursive, direct, reachable, removed);
    }

    /**
     * After a collection in a process that wrote nothing before it, no pack file may be mostly garbage: the
     * collection deletes packs nothing points into (an add killed before its commit leaves those) and copies the
     * live records out of packs less than half live.
     */
    private static void assertPacksGivenBack(Path blocksDir, Raw collected) throws IOException {
        Path packs = blocksDir.resolve("packs");
        if (!Files.isDirectory(packs)) {
            return;
        }
        try (Stream<Path> files = Files.list(packs)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pack")).toList()) {
                String name = f.getFileName().toString();
                long id = Long.parseLong(name.substring(0, name.length() - ".pack".length()));
                long live = collected.packed().getOrDefault(id, 0L);
                assertTrue(live * 2 >= Files.size(f), "after GC, pack " + name + " holds " + live
                        + " live bytes of " + Files.size(f));
            }
        }
    }

    /** Removes every pin except {@code keep}'s recursive pin. */
    static void unpinAllBut(Path repoDir, Cid keep) throws Exception {
        try (Repo repo = Repo.open(repoDir);
                RocksStore store = RocksStore.open(repo.blocksPath(), StoreOptions.defaults())) {
            for (Cid c : cids(store.pins().list(PinType.RECURSIVE))) {
                if (!c.equals(keep)) {
                    store.pins().remove(c, true);
                }
            }
            for (Cid c : cids(store.pins().list(PinType.DIRECT))) {
                store.pins().remove(c, false);
            }
        }
    }

    /** The pin on {@code cid}, if any. */
    static Optional<Pin> pin(Path repoDir, Cid cid) throws Exception {
        try (Repo repo = Repo.openReadOnly(repoDir);
                RocksStore store = RocksStore.open(repo.blocksPath(), StoreOptions.defaults().withReadOnly(true))) {
            return store.pins().get(cid);
        }
    }

    private static Set<Cid> cids(Iterator<Pin> pins) {
        Set<Cid> out = new HashSet<>();
        pins.forEachRemaining(p -> out.add(p.cid()));
        return out;
    }

    /** Every block reachable from the pins, each read and re-hashed; dag-pb links decoded by core's codec. */
    private static Set<Multihash> walk(RocksStore store, Set<Cid> recursive, Set<Cid> direct) throws Exception {
        Set<Multihash> reached = new HashSet<>();
        Set<Cid> visited = new HashSet<>();
        Deque<Cid> todo = new ArrayDeque<>(recursive);
        for (Cid d : direct) {
            read(store, d, null);
            reached.add(d.multihash());
        }
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!visited.add(cid) || cid.multihash().code() == 0) {
                continue;
            }
            read(store, cid, todo);
            reached.add(cid.multihash());
        }
        return reached;
    }

    /** Reads and re-hashes {@code cid}'s block; pushes its dag-pb links onto {@code links} unless null. */
    private static void read(RocksStore store, Cid cid, Deque<Cid> links) throws Exception {
        Optional<byte[]> bytes = store.blocks().get(cid.multihash());
        if (bytes.isEmpty()) {
            fail("pinned DAG is incomplete: " + cid + " is not stored");
        }
        assertTrue(cid.multihash().matches(bytes.get()), "block " + cid + " does not hash to its key");
        if (links != null && cid.isCodec(Multicodec.DAG_PB)) {
            for (PbLink link : DagPb.decode(bytes.get()).links()) {
                links.push(link.hash());
            }
        }
    }

    /** Reads the stored block set straight from the database files; the store must be closed. */
    private static Raw readRaw(Path blocksDir) throws Exception {
        RocksDB.loadLibrary();
        List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, blocksDir.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
        for (byte[] name : names) {
            ColumnFamilyOptions o = new ColumnFamilyOptions();
            cfOptions.add(o);
            descriptors.add(new ColumnFamilyDescriptor(name, o));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions dbOptions = new DBOptions();
                RocksDB db = RocksDB.openReadOnly(dbOptions, blocksDir.toString(), descriptors, handles)) {
            Map<String, ColumnFamilyHandle> byName = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(new String(names.get(i), StandardCharsets.UTF_8), handles.get(i));
            }
            Set<Multihash> blocks = new HashSet<>();
            Map<Multihash, Long> sizes = new HashMap<>();
            Map<Long, Long> packed = new HashMap<>();
            Set<Multihash> candidates = new HashSet<>();
            scan(db, family(byName, "blocks"), (k, v) -> blocks.add(Multihash.fromBytes(k)));
            scan(db, family(byName, "sizes"), (k, v) -> {
                long size = Varint.decode(v, 0);
                sizes.put(Multihash.fromBytes(k), size);
                int at = Varint.size(size);
                if (at < v.length) {
                    // A packed block: its bytes are in the pack file the entry names (docs/storage-design.md).
                    long pack = Varint.decode(v, at);
                    Path file = blocksDir.resolve("packs").resolve(String.format("%010d.pack", pack));
                    if (Files.isRegularFile(file)) {
                        blocks.add(Multihash.fromBytes(k));
                    }
                    packed.merge(pack, 13L + k.length + size, Long::sum);
                }
            });
            scan(db, family(byName, "gc"), (k, v) -> candidates.add(Multihash.fromBytes(k)));
            return new Raw(blocks, sizes, candidates, packed);
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
            cfOptions.forEach(ColumnFamilyOptions::close);
        }
    }

    private static ColumnFamilyHandle family(Map<String, ColumnFamilyHandle> byName, String name) {
        ColumnFamilyHandle h = byName.get(name);
        assertNotNull(h, "column family " + name + " missing; have " + byName.keySet());
        return h;
    }

    private interface Entry {
        void accept(byte[] key, byte[] value) throws Exception;
    }

    private static void scan(RocksDB db, ColumnFamilyHandle family, Entry entry) throws Exception {
        try (RocksIterator it = db.newIterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                entry.accept(it.key(), it.value());
            }
            it.status();
        }
    }

    private static Set<Multihash> minus(Set<Multihash> a, Set<Multihash> b) {
        Set<Multihash> out = new HashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static String sample(Set<Multihash> set) {
        return set.stream().limit(3).map(Multihash::toString).collect(Collectors.joining(", "));
    }
}
