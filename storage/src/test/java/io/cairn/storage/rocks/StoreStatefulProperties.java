package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.core.block.Block;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Random sequences of adds (committed, pinned or not, or left open), dag-cbor and dag-json nodes linking to
 * earlier blocks (so DAGs mix codecs), pins, unpins, pin updates, block puts and deletes, imports, temporary pins,
 * collections and restarts, run against a real store and checked against a
 * model that knows only the pins and the DAGs: the reachable set is computed by walking the model's own copy of
 * every block. After every step no reachable block is missing, the counters equal what is stored, the pin lists
 * equal the model's and {@link Pinner#verify()} finds nothing; after a collection exactly the blocks that were
 * stored, unreachable and not held are gone.
 */
class StoreStatefulProperties {
    /** File contents are runs of these 200-byte chunks, so files share leaves and subtrees. */
    private static final byte[][] CHUNKS = new byte[6][];
    private static final int PACK_MIN = 150;

    static {
        Random r = new Random(42);
        for (int i = 0; i < CHUNKS.length; i++) {
            CHUNKS[i] = new byte[200];
            r.nextBytes(CHUNKS[i]);
        }
    }

    private Path dir;

    @BeforeTry
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("cairn-store-props");
    }

    @AfterTry
    void removeDir() throws IOException {
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }

    @Property(tries = 25)
    void storeKeepsExactlyWhatThePinsReach(@ForAll("chains") ActionChain<Model> chain) throws IOException {
        try {
            chain.withInvariant("pinned DAGs whole, counters and pins agree", Model::checkInvariants).run();
        } finally {
            Model m = chain.finalState().orElse(null);
            if (m != null) {
                m.shutdown();
            }
        }
    }

    @Provide
    Arbitrary<ActionChain<Model>> chains() {
        return ActionChain.<Model>startWith(() -> new Model(dir))
                .withAction(4, add())
                .withAction(2, finishAdd())
                .withAction(3, pin())
                .withAction(3, unpin())
                .withAction(2, update())
                .withAction(2, blockPut())
                .withAction(2, blockRm())
                .withAction(1, importDag())
                .withAction(2, linkNode())
                .withAction(1, hold())
                .withAction(1, release())
                .withAction(3, Action.just("gc", Transformer.mutate("gc", Model::gc)))
                .withAction(1, Action.just("reopen", Transformer.mutate("reopen", Model::reopen)))
                .withMaxTransformations(30);
    }

    private static Arbitrary<PinMode> modes() {
        return Arbitraries.of(PinMode.values());
    }

    private static Action.Independent<Model> add() {
        return () -> Combinators.combine(
                        Arbitraries.integers().between(0, CHUNKS.length - 1).list().ofMaxSize(10),
                        Arbitraries.integers().between(-1, 50), Arbitraries.of(0, 1), Arbitraries.of(true, false),
                        modes(), Arbitraries.of(true, true, false))
                .as((chunks, tail, version, rawLeaves, mode, commit) -> Transformer.mutate(
                        "add " + chunks + " tail " + tail + " v" + version + (rawLeaves ? " raw" : "") + " " + mode
                                + (commit ? "" : " (left open)"),
                        m -> m.add(chunks, tail, version, rawLeaves, mode, commit)));
    }

    private static Action.Independent<Model> finishAdd() {
        return () -> Combinators.combine(Arbitraries.integers().between(0, 20), Arbitraries.of(true, false))
                .as((i, commit) -> Transformer.mutate((commit ? "commit" : "abandon") + " open add #" + i,
                        m -> m.finishAdd(i, commit)));
    }

    private static Action.Independent<Model> pin() {
        return () -> Combinators.combine(Arbitraries.integers().between(0, 1000),
                        Arbitraries.of(PinMode.DIRECT, PinMode.RECURSIVE), Arbitraries.of(true, false))
                .as((i, mode, other) -> Transformer.mutate("pin #" + i + " " + mode + (other ? " (other version)" : ""),
                        m -> m.pin(i, mode, other)));
    }

    private static Action.Independent<Model> unpin() {
        return () -> Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false),
                        Arbitraries.of(true, true, false))
                .as((i, recursive, pinned) -> Transformer.mutate(
                        "unpin " + (pinned ? "pin" : "block") + " #" + i + (recursive ? "" : " non-recursively"),
                        m -> m.unpin(i, recursive, pinned)));
    }

    private static Action.Independent<Model> update() {
        return () -> Combinators.combine(Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false))
                .as((from, to, unpinFrom) -> Transformer.mutate(
                        "update pin #" + from + " to root #" + to + (unpinFrom ? "" : " keeping the old"),
                        m -> m.update(from, to, unpinFrom)));
    }

    private static Action.Independent<Model> blockPut() {
        return () -> Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false))
                .as((i, fresh) -> Transformer.mutate("block put " + (fresh ? "new" : "#" + i),
                        m -> m.blockPut(i, fresh)));
    }

    private static Action.Independent<Model> blockRm() {
        return () -> Arbitraries.integers().between(0, 1000)
                .map(i -> Transformer.mutate("block rm #" + i, m -> m.blockRm(i)));
    }

    private static Action.Independent<Model> importDag() {
        return () -> Combinators.combine(Arbitraries.integers().between(0, 1000), modes())
                .as((i, mode) -> Transformer.mutate("import root #" + i + " " + mode, m -> m.importDag(i, mode)));
    }

    private static Action.Independent<Model> linkNode() {
        return () -> Combinators.combine(Arbitraries.integers().between(0, 1000).list().ofMaxSize(4),
                        Arbitraries.of(true, false), modes())
                .as((targets, json, mode) -> Transformer.mutate(
                        (json ? "dag-json" : "dag-cbor") + " node linking to #" + targets + " " + mode,
                        m -> m.linkNode(targets, json, mode)));
    }

    private static Action.Independent<Model> hold() {
        return () -> Arbitraries.integers().between(0, 1000).list().ofMinSize(1).ofMaxSize(4)
                .map(is -> Transformer.mutate("temp pin blocks " + is, m -> m.hold(is)));
    }

    private static Action.Independent<Model> release() {
        return () -> Arbitraries.integers().between(0, 20)
                .map(i -> Transformer.mutate("release temp pin #" + i, m -> m.release(i)));
    }

    /** A pin's identity in the store: CIDv0 and v1 of the same dag-pb content are one pin. */
    record PinKey(Multihash mh, long codec) {
        static PinKey of(Cid cid) {
            return new PinKey(cid.multihash(), cid.codec());
        }
    }

    private static final class OpenAdd {
        final AddSession session;
        final Set<Multihash> held = new HashSet<>();
        final Cid root;
        final PinMode mode;

        OpenAdd(AddSession session, Cid root, PinMode mode) {
            this.session = session;
            this.root = root;
            this.mode = mode;
        }
    }

    private static final class Held {
        final TempPin pin;
        final Set<Multihash> keys;

        Held(TempPin pin, Set<Multihash> keys) {
            this.pin = pin;
            this.keys = keys;
        }
    }

    /** The store under test and the model it is checked against. */
    static final class Model {
        private final Path dir;
        private RocksStore store;
        /** Every block ever made, by multihash. */
        private final Map<Multihash, Block> universe = new LinkedHashMap<>();
        /** Every CID ever made (the names blocks were made under), in order. */
        private final List<Cid> cids = new ArrayList<>();
        private final Set<Cid> knownCids = new HashSet<>();
        private final List<Cid> roots = new ArrayList<>();
        private final Map<PinKey, PinType> pins = new LinkedHashMap<>();
        private final Map<PinKey, Cid> pinnedAs = new HashMap<>();
        private final List<OpenAdd> openAdds = new ArrayList<>();
        private final List<Held> temps = new ArrayList<>();
        /** The links of every dag-cbor and dag-json node made, as made (the model never parses them). */
        private final Map<Multihash, List<Cid>> ipldLinks = new HashMap<>();
        private int fresh;

        Model(Path dir) {
            this.dir = dir;
            try {
                store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store.addBatchBytes = 1500; // flush often, so sessions mix written and pending blocks
            store.packMinBytes = PACK_MIN; // leaves (200 bytes) and larger nodes go to packs, small ones do not
        }

        @Override
        public String toString() {
            return "Model(" + pins.size() + " pins, " + universe.size() + " blocks made, " + openAdds.size()
                    + " open adds, " + temps.size() + " temp pins)";
        }

        void shutdown() {
            for (OpenAdd a : openAdds) {
                a.session.close();
            }
            temps.forEach(h -> h.pin.close());
            try {
                store.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        // ---- the model ----

        private void remember(Block b) {
            universe.putIfAbsent(b.cid().multihash(), b);
            if (knownCids.add(b.cid())) {
                cids.add(b.cid());
            }
        }

        private List<Cid> links(Cid cid) {
            if (cid.isCodec(Multicodec.DAG_CBOR) || cid.isCodec(Multicodec.DAG_JSON)) {
                return ipldLinks.getOrDefault(cid.multihash(), List.of());
            }
            if (!cid.isCodec(Multicodec.DAG_PB)) {
                return List.of();
            }
            Block b = universe.get(cid.multihash());
            List<Cid> out = new ArrayList<>();
            for (PbLink l : DagPb.decode(b.data()).links()) {
                out.add(l.hash());
            }
            return out;
        }

        /** Every CID under {@code root}, depth-first in link order, each once: the order a pin walks. */
        private List<Cid> dag(Cid root) {
            List<Cid> order = new ArrayList<>();
            Set<Cid> seen = new HashSet<>();
            Deque<Cid> todo = new ArrayDeque<>();
            todo.push(root);
            while (!todo.isEmpty()) {
                Cid c = todo.pop();
                if (!seen.add(c)) {
                    continue;
                }
                order.add(c);
                List<Cid> ls = links(c);
                for (int i = ls.size() - 1; i >= 0; i--) {
                    todo.push(ls.get(i));
                }
            }
            return order;
        }

        private Set<Multihash> reachable() {
            Set<Multihash> out = new HashSet<>();
            for (Map.Entry<PinKey, PinType> e : pins.entrySet()) {
                Cid as = pinnedAs.get(e.getKey());
                if (e.getValue() == PinType.RECURSIVE) {
                    dag(as).forEach(c -> out.add(c.multihash()));
                } else {
                    out.add(as.multihash());
                }
            }
            return out;
        }

        private Set<Multihash> held() {
            Set<Multihash> out = new HashSet<>();
            openAdds.forEach(a -> out.addAll(a.held));
            temps.forEach(h -> out.addAll(h.keys));
            return out;
        }

        private Set<Multihash> stored() {
            Set<Multihash> out = new LinkedHashSet<>();
            for (Multihash mh : universe.keySet()) {
                if (has(mh)) {
                    out.add(mh);
                }
            }
            return out;
        }

        private boolean has(Multihash mh) {
            try {
                return store.blocks().has(mh);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The first block of {@code root}'s DAG the store lacks and {@code coming} will not bring, or null. */
        private Cid firstMissing(Cid root, Set<Multihash> coming) {
            for (Cid c : dag(root)) {
                if (!coming.contains(c.multihash()) && !has(c.multihash())) {
                    return c;
                }
            }
            return null;
        }

        private static Cid otherVersion(Cid cid) {
            if (cid.version() == 0) {
                return cid.toV1();
            }
            if (cid.isCodec(Multicodec.DAG_PB) && cid.multihash().code() == Multicodec.SHA2_256.code()) {
                return cid.toV0();
            }
            return cid;
        }

        private <T> T pick(List<T> list, int i) {
            return list.isEmpty() ? null : list.get(i % list.size());
        }

        /** Applies a successful pin of {@code cid} as {@code type} to the model, as the store records it. */
        private void modelPin(Cid cid, PinType type) {
            PinKey key = PinKey.of(cid);
            PinType existing = pins.get(key);
            if (existing == type || existing == PinType.RECURSIVE) {
                return;
            }
            pins.put(key, type);
            pinnedAs.put(key, cid);
        }

        private void modelUnpin(PinKey key) {
            pins.remove(key);
            pinnedAs.remove(key);
        }

        /**
         * What a commit or pin of {@code root} as {@code mode} should do: null when it succeeds, else the exception
         * type and the CID it names.
         */
        private Object[] expectedPinFailure(Cid root, PinMode mode, Set<Multihash> coming) {
            PinType existing = pins.get(PinKey.of(root));
            if (mode == PinMode.RECURSIVE) {
                if (existing == PinType.RECURSIVE) {
                    return null;
                }
                Cid missing = firstMissing(root, coming);
                return missing == null ? null : new Object[] {MissingBlockException.class, missing};
            }
            if (mode == PinMode.DIRECT) {
                if (existing == PinType.RECURSIVE) {
                    return new Object[] {PinConflictException.class, root};
                }
                if (existing == null && !coming.contains(root.multihash()) && !has(root.multihash())) {
                    return new Object[] {MissingBlockException.class, root};
                }
            }
            return null;
        }

        private void expectFailure(Object[] expected, IOException e) {
            if (expected == null || !((Class<?>) expected[0]).isInstance(e)) {
                fail("unexpected " + e, e);
            }
            if (e instanceof MissingBlockException missing) {
                assertEquals(expected[1], missing.cid(), "the first missing block");
            }
        }

        private void commitAndModel(AddSession session, Set<Multihash> put, Cid root, PinMode mode)
                throws IOException {
            Object[] expected = expectedPinFailure(root, mode, put);
            try {
                session.commit(root, mode, "n");
            } catch (IOException e) {
                expectFailure(expected, e);
                session.close();
                return;
            }
            assertEquals(null, expected, "commit should have failed");
            if (mode != PinMode.NONE) {
                modelPin(root, mode == PinMode.RECURSIVE ? PinType.RECURSIVE : PinType.DIRECT);
            }
        }

        // ---- actions ----

        void add(List<Integer> chunks, int tail, int version, boolean rawLeaves, PinMode mode, boolean commit) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            chunks.forEach(i -> content.writeBytes(CHUNKS[i]));
            if (tail >= 0) {
                content.writeBytes(("tail " + tail).getBytes());
            }
            ImportOptions options = ImportOptions.builder().cidVersion(version).rawLeaves(rawLeaves)
                    .chunker("size-200").maxLinks(3).build();
            try {
                AddSession session = store.beginAdd();
                OpenAdd open = new OpenAdd(session, null, mode);
                Cid root = FileDagBuilder.build(new ByteArrayInputStream(content.toByteArray()), options, b -> {
                    remember(b);
                    open.held.add(b.cid().multihash());
                    session.put(b);
                }).cid();
                roots.add(root);
                if (commit) {
                    commitAndModel(session, open.held, root, mode);
                    session.close();
                } else {
                    OpenAdd kept = new OpenAdd(session, root, mode);
                    kept.held.addAll(open.held);
                    openAdds.add(kept);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void linkNode(List<Integer> targets, boolean json, PinMode mode) {
            List<Cid> links = new ArrayList<>();
            targets.forEach(i -> {
                Cid c = pick(cids, i);
                if (c != null) {
                    links.add(c);
                }
            });
            String label = "node " + fresh++;
            byte[] data = json ? Dags.jsonNode(label, links) : Dags.cborNode(label, links);
            Block b = new Block(Cid.of(1, json ? Multicodec.DAG_JSON : Multicodec.DAG_CBOR, HashFunction.SHA2_256,
                    data), data);
            ipldLinks.put(b.cid().multihash(), links);
            remember(b);
            roots.add(b.cid());
            try (AddSession session = store.beginAdd()) {
                session.put(b);
                commitAndModel(session, Set.of(b.cid().multihash()), b.cid(), mode);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finishAdd(int i, boolean commit) {
            OpenAdd a = pick(openAdds, i);
            if (a == null) {
                return;
            }
            openAdds.remove(a);
            try {
                if (commit) {
                    commitAndModel(a.session, a.held, a.root, a.mode);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                a.session.close();
            }
        }

        void pin(int i, PinMode mode, boolean other) {
            Cid cid = pick(cids, i);
            if (cid == null) {
                return;
            }
            if (other) {
                cid = otherVersion(cid);
            }
            Object[] expected = expectedPinFailure(cid, mode, Set.of());
            try {
                store.pins().add(cid, mode, null);
            } catch (IOException e) {
                expectFailure(expected, e);
                return;
            }
            assertEquals(null, expected, "pin should have failed");
            modelPin(cid, mode == PinMode.RECURSIVE ? PinType.RECURSIVE : PinType.DIRECT);
        }

        void unpin(int i, boolean recursive, boolean pinned) {
            Cid cid = pinned ? pick(new ArrayList<>(pinnedAs.values()), i) : pick(cids, i);
            if (cid == null) {
                return;
            }
            PinKey key = PinKey.of(cid);
            PinType existing = pins.get(key);
            try {
                store.pins().remove(cid, recursive);
            } catch (NotPinnedException e) {
                assertEquals(null, existing, "unpin of a pinned CID failed: " + e.getMessage());
                return;
            } catch (PinConflictException e) {
                assertTrue(existing == PinType.RECURSIVE && !recursive, e.getMessage());
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertTrue(existing == PinType.DIRECT || (existing == PinType.RECURSIVE && recursive),
                    "unpin should have failed; model has " + existing);
            modelUnpin(key);
        }

        void update(int fromIndex, int toIndex, boolean unpinFrom) {
            List<PinKey> recursive = pins.entrySet().stream().filter(e -> e.getValue() == PinType.RECURSIVE)
                    .map(Map.Entry::getKey).collect(Collectors.toList());
            Cid from = fromIndex % 4 == 0 ? pick(cids, fromIndex) : pinnedAs.get(pick(recursive, fromIndex));
            Cid to = pick(roots, toIndex);
            if (from == null || to == null) {
                return;
            }
            PinKey fromKey = PinKey.of(from);
            PinKey toKey = PinKey.of(to);
            boolean fromOk = pins.get(fromKey) == PinType.RECURSIVE;
            Cid missing = fromOk && !fromKey.equals(toKey) && pins.get(toKey) != PinType.RECURSIVE
                    ? firstMissing(to, Set.of()) : null;
            try {
                store.pins().update(from, to, unpinFrom);
            } catch (NotPinnedException e) {
                assertTrue(!fromOk, "update from a recursive pin failed: " + e.getMessage());
                return;
            } catch (MissingBlockException e) {
                assertEquals(missing, e.cid());
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertTrue(fromOk && missing == null, "update should have failed");
            if (fromKey.equals(toKey)) {
                return;
            }
            if (pins.get(toKey) != PinType.RECURSIVE) {
                pins.put(toKey, PinType.RECURSIVE);
                pinnedAs.put(toKey, to);
            }
            if (unpinFrom) {
                modelUnpin(fromKey);
            }
        }

        void blockPut(int i, boolean isNew) {
            Block b;
            if (isNew || universe.isEmpty()) {
                byte[] data = ("fresh block " + fresh++).getBytes();
                b = new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data), data);
                remember(b);
            } else {
                Cid cid = pick(cids, i);
                b = new Block(cid, universe.get(cid.multihash()).data());
            }
            try {
                store.blocks().put(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertTrue(has(b.cid().multihash()));
        }

        void blockRm(int i) {
            Cid cid = pick(cids, i);
            if (cid == null) {
                return;
            }
            Multihash mh = cid.multihash();
            boolean wasStored = has(mh);
            boolean inUse = reachable().contains(mh) || held().contains(mh);
            try {
                store.blocks().delete(mh);
            } catch (BlockInUseException e) {
                assertTrue(wasStored && inUse, "refused to delete a free block: " + e.getMessage());
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertTrue(!wasStored || !inUse, "deleted a block in use");
            assertTrue(!has(mh));
        }

        void importDag(int i, PinMode mode) {
            Cid root = pick(roots, i);
            if (root == null) {
                return;
            }
            try (AddSession session = store.beginAdd()) {
                Set<Multihash> put = new HashSet<>();
                for (Cid c : dag(root)) {
                    session.put(Block.verified(c, universe.get(c.multihash()).data()));
                    put.add(c.multihash());
                }
                commitAndModel(session, put, root, mode);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void hold(List<Integer> indices) {
            if (cids.isEmpty()) {
                return;
            }
            Set<Multihash> keys = new HashSet<>();
            indices.forEach(i -> keys.add(pick(cids, i).multihash()));
            temps.add(new Held(store.tempPin(keys), keys));
        }

        void release(int i) {
            Held h = pick(temps, i);
            if (h != null) {
                temps.remove(h);
                h.pin.close();
            }
        }

        void gc() {
            Set<Multihash> before = stored();
            Set<Multihash> keep = new HashSet<>(reachable());
            keep.addAll(held());
            GcResult result;
            try {
                result = store.gc().collect();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Set<Multihash> expected = new LinkedHashSet<>(before);
            expected.retainAll(keep);
            assertEquals(expected, stored(), "after GC: exactly the stored blocks that are reachable or held");
            assertEquals(before.size() - expected.size(), result.blocksRemoved());
        }

        void reopen() {
            try {
                store.close();
                // Sessions and temporary pins die with the process that held them.
                for (OpenAdd a : openAdds) {
                    a.session.close();
                }
                openAdds.clear();
                temps.forEach(h -> h.pin.close());
                temps.clear();
                store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults());
                store.addBatchBytes = 1500;
                store.packMinBytes = PACK_MIN;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        // ---- invariants ----

        void checkInvariants() {
            Set<Multihash> stored = stored();
            for (Multihash mh : reachable()) {
                assertTrue(stored.contains(mh), "pinned block " + mh + " is missing");
            }
            long bytes = stored.stream().mapToLong(mh -> universe.get(mh).size()).sum();
            assertEquals(new StoreStat(stored.size(), bytes, StoreOptions.DEFAULT_STORAGE_MAX), store.stat(),
                    "counters equal what is stored");
            assertEquals(held().size(), store.tempPinnedCount(), "temporary pins held");
            try {
                assertEquals(pinKeys(PinType.RECURSIVE), keysOf(store.pins().list(PinType.RECURSIVE)));
                assertEquals(pinKeys(PinType.DIRECT), keysOf(store.pins().list(PinType.DIRECT)));
                assertEquals(List.of(), store.pins().verify());
                assertEquals(List.of(), store.verify(), "every stored block hashes to its key");
                assertEquals(List.of(), store.packAccountingProblems());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Set<PinKey> pinKeys(PinType type) {
            return pins.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
        }

        private static Set<PinKey> keysOf(Iterator<Pin> it) {
            Set<PinKey> out = new HashSet<>();
            it.forEachRemaining(p -> out.add(PinKey.of(p.cid())));
            return out;
        }
    }
}
