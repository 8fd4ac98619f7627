package io.cairn.bench;

import io.cairn.core.block.Block;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.rocks.AddSession;
import io.cairn.storage.rocks.GcResult;
import io.cairn.storage.rocks.Pin;
import io.cairn.storage.rocks.PinMode;
import io.cairn.storage.rocks.PinType;
import io.cairn.storage.rocks.RocksStore;
import io.cairn.storage.rocks.StoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Builds the large repositories that {@code bench/scripts/storage-throughput.sh} times the command line against,
 * through the storage engine's public API (so the repository is what adds and pins would have made, reference
 * counts and GC candidates included), and measures the baselines: a bare RocksDB key iteration of one column
 * family, in a process of its own like the command it is compared with.
 *
 * <pre>
 * StorageFixture dags    REPO DAGS LEAVES   DAGS recursive pins, each a two-level dag-pb DAG over LEAVES raw leaves
 * StorageFixture garbage REPO N SEED        N unpinned raw blocks (GC candidates); SEED keeps rounds apart
 * StorageFixture pins    REPO N             N recursive pins, each on a one-block dag-pb node
 * StorageFixture scan    REPO FAMILY        iterates every key of FAMILY (blocks, sizes, pins, gc ...), read-only
 * StorageFixture gc      REPO               the engine's collect() in process: open, collect, close timed apart
 * StorageFixture pinls   REPO TYPE          the engine's pins().list(TYPE) in process, counted, not printed
 * StorageFixture compact REPO FAMILY        compacts FAMILY (an experiment: what GC costs without tombstones)
 * </pre>
 *
 * Every command prints one summary line to stdout ({@code key=value} pairs); timings are wall milliseconds.
 * The leaves are 32 bytes (index, seed, padding), so the block count, not the volume, is what is large.
 */
public final class StorageFixture {
    /** Links per inner node: 1,000 links of ~40 bytes keep each node near 40 KB. */
    private static final int FANOUT = 1000;

    private StorageFixture() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: StorageFixture dags|garbage|pins|scan|gc|pinls REPO ...");
        }
        Path repo = Path.of(args[1]);
        switch (args[0]) {
            case "dags" -> dags(repo, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "garbage" -> garbage(repo, Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "pins" -> pins(repo, Integer.parseInt(args[2]));
            case "scan" -> scan(repo, args[2], false);
            case "compact" -> scan(repo, args[2], true);
            case "gc" -> gc(repo);
            case "pinls" -> pinls(repo, PinType.valueOf(args[2]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static Block rawLeaf(long seed, long index) {
        byte[] data = ByteBuffer.allocate(32).putLong(index).putLong(seed).putLong(~index).putLong(~seed).array();
        return new Block(Cid.v1(Multicodec.RAW, Multihash.digest(HashFunction.SHA2_256, data)), data);
    }

    private static Block node(List<PbLink> links, byte[] data) {
        byte[] bytes = DagPb.encode(new PbNode(links, data));
        return new Block(Cid.v1(Multicodec.DAG_PB, Multihash.digest(HashFunction.SHA2_256, bytes)), bytes);
    }

    private static void dags(Path dir, int dags, int leaves) throws IOException {
        long t0 = System.nanoTime();
        long blocks = 0;
        try (Repo repo = Repo.open(dir); RocksStore store = RocksStore.open(repo.blocksPath(), StoreOptions.defaults())) {
            for (int d = 0; d < dags; d++) {
                try (AddSession session = store.beginAdd()) {
                    List<PbLink> top = new ArrayList<>();
                    List<PbLink> links = new ArrayList<>(FANOUT);
                    for (int i = 0; i < leaves; i++) {
                        Block leaf = rawLeaf(d, i);
                        session.put(leaf);
                        blocks++;
                        links.add(new PbLink(leaf.cid(), null, (long) leaf.size()));
                        if (links.size() == FANOUT || i == leaves - 1) {
                            Block inner = node(links, null);
                            session.put(inner);
                            blocks++;
                            top.add(new PbLink(inner.cid(), null, (long) inner.size()));
                            links = new ArrayList<>(FANOUT);
                        }
                    }
                    Block root = node(top, null);
                    session.put(root);
                    blocks++;
                    session.commit(root.cid(), PinMode.RECURSIVE, "dag-" + d);
                }
            }
            System.out.printf("dags=%d blocks=%d stored_objects=%d ms=%d%n", dags, blocks, store.stat().objects(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static void garbage(Path dir, int n, long seed) throws IOException {
        long t0 = System.nanoTime();
        try (Repo repo = Repo.open(dir); RocksStore store = RocksStore.open(repo.blocksPath(), StoreOptions.defaults())) {
            // Seeds below 0 keep garbage apart from the DAG leaves, whose seeds are the DAG numbers.
            try (AddSession session = store.beginAdd()) {
                Block last = null;
                for (int i = 0; i < n; i++) {
                    last = rawLeaf(-1 - seed, i);
                    session.put(last);
                }
                session.commit(last.cid(), PinMode.NONE, null);
            }
            System.out.printf("garbage=%d stored_objects=%d ms=%d%n", n, store.stat().objects(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static void pins(Path dir, int n) throws IOException {
        long t0 = System.nanoTime();
        try (Repo repo = Repo.open(dir); RocksStore store = RocksStore.open(repo.blocksPath(), StoreOptions.defaults())) {
            List<Cid> roots = new ArrayList<>(n);
            try (AddSession session = store.beginAdd()) {
                Block last = null;
                for (int i = 0; i < n; i++) {
                    last = node(List.of(), ByteBuffer.allocate(16).putLong(i).putLong(0x70696e73L).array());
                    session.put(last);
                    roots.add(last.cid());
                }
                session.commit(last.cid(), PinMode.NONE, null);
            }
            // One synced batch per pin, as n separate `pin add`s would write.
            for (int i = 0; i < n; i++) {
                store.pins().add(roots.get(i), PinMode.RECURSIVE, null);
            }
            System.out.printf("pins=%d stored_objects=%d ms=%d%n", n, store.stat().objects(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static void scan(Path dir, String family, boolean compact) throws RocksDBException {
        long t0 = System.nanoTime();
        String path = dir.resolve("blocks").toString();
        RocksDB.loadLibrary();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (Options listing = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(listing, path)) {
                // Writable only to compact one family: nothing else may compact, and meta's counters keep the
                // engine's merge operator.
                descriptors.add(compact ? new ColumnFamilyDescriptor(name, new ColumnFamilyOptions()
                        .setDisableAutoCompactions(true).setMergeOperatorName("uint64add"))
                        : new ColumnFamilyDescriptor(name));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
                RocksDB db = compact ? RocksDB.open(options, path, descriptors, handles)
                        : RocksDB.openReadOnly(options, path, descriptors, handles)) {
            long opened = System.nanoTime();
            ColumnFamilyHandle cf = null;
            for (int i = 0; i < descriptors.size(); i++) {
                if (new String(descriptors.get(i).getName(), java.nio.charset.StandardCharsets.UTF_8)
                        .equals(family)) {
                    cf = handles.get(i);
                }
            }
            if (cf == null) {
                throw new IllegalArgumentException("no column family " + family + " in " + path);
            }
            if (compact) {
                db.compactRange(cf);
                System.out.printf("family=%s compact_ms=%d%n", family, (System.nanoTime() - opened) / 1_000_000);
                handles.forEach(ColumnFamilyHandle::close);
                return;
            }
            long keys = 0;
            long keyBytes = 0;
            try (RocksIterator it = db.newIterator(cf)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    keys++;
                    keyBytes += it.key().length;
                }
                it.status();
            }
            long done = System.nanoTime();
            System.out.printf("family=%s keys=%d key_bytes=%d open_ms=%d iterate_ms=%d%n", family, keys, keyBytes,
                    (opened - t0) / 1_000_000, (done - opened) / 1_000_000);
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    private static void gc(Path dir) throws IOException {
        long t0 = System.nanoTime();
        try (Repo repo = Repo.open(dir)) {
            RocksStore store = RocksStore.open(repo.blocksPath(), StoreOptions.defaults());
            long opened = System.nanoTime();
            GcResult result = store.gc().collect();
            long collected = System.nanoTime();
            store.close();
            long closed = System.nanoTime();
            System.out.printf("removed=%d candidates=%d open_ms=%d collect_ms=%d close_ms=%d%n",
                    result.blocksRemoved(), result.candidatesSeen(), (opened - t0) / 1_000_000,
                    (collected - opened) / 1_000_000, (closed - collected) / 1_000_000);
        }
    }

    private static void pinls(Path dir, PinType type) throws IOException {
        long t0 = System.nanoTime();
        try (Repo repo = Repo.open(dir); RocksStore store = RocksStore.open(repo.blocksPath(), StoreOptions.defaults())) {
            long opened = System.nanoTime();
            long n = 0;
            for (Iterator<Pin> it = store.pins().list(type); it.hasNext(); ) {
                n += it.next().cid().toString().length() > 0 ? 1 : 0;
            }
            long listed = System.nanoTime();
            System.out.printf("type=%s pins=%d open_ms=%d list_ms=%d%n", type, n, (opened - t0) / 1_000_000,
                    (listed - opened) / 1_000_000);
        }
    }
}
