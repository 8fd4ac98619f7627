package io.cairn.core.reader;

import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.core.FormatException;
import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
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
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * One block of a real UnixFS tree (files of every layout, plain and HAMT directories) is swapped for random bytes
 * or a damaged copy of itself, its ancestors re-hashed so that every CID stays honest; then every read the tree
 * offers (list, resolve, open and range reads, the DAG walk) either succeeds or fails with a typed exception:
 * a {@link FormatException}, {@link NoSuchPathException}, or {@link BlockNotFoundException} when damaged bytes
 * happen to decode into a link to a block that does not exist.
 */
class HostileDagProperties {
    enum Damage { RANDOM_BYTES, TRUNCATED, BYTES_FLIPPED, BYTE_INSERTED, EMPTY }

    private static final List<Multicodec> CODECS = List.of(Multicodec.DAG_PB, Multicodec.RAW, Multicodec.DAG_CBOR);

    /** A tree and the paths to its files and directories (the root is ""). */
    private record Tree(Cid root, List<String> files, List<String> dirs) {}

    @Property(tries = 200)
    void damagedBlocksOnlyEverRaiseTypedExceptions(@ForAll long seed, @ForAll Damage damage) throws IOException {
        Random r = new Random(seed);
        MemoryBlockStore store = new MemoryBlockStore();
        Tree tree = tree(store, r);
        // Most blocks are raw leaves, whose damage any reader must take as content; aim mostly at dag-pb nodes.
        List<Cid> blocks = new ArrayList<>(reachable(store, tree.root()));
        List<Cid> nodes = blocks.stream().filter(c -> c.isCodec(Multicodec.DAG_PB)).toList();
        List<Cid> pool = r.nextInt(5) == 0 ? blocks : nodes;
        Cid target = pool.get(r.nextInt(pool.size()));
        byte[] original = store.get(target.multihash()).orElseThrow();

        byte[] bytes = damage(damage, original, r);
        Multicodec codec = r.nextInt(3) == 0 ? CODECS.get(r.nextInt(CODECS.size()))
                : Multicodec.DAG_PB.code() == target.codec() ? Multicodec.DAG_PB : Multicodec.RAW;
        int version = codec == Multicodec.DAG_PB && r.nextBoolean() ? 0 : 1;
        Cid replacement = Cid.of(version, codec, HashFunction.SHA2_256, bytes);
        store.put(new Block(replacement, bytes));
        Cid root = replace(store, tree.root(), target, replacement, new HashMap<>());

        UnixFsReader reader = new UnixFsReader(store.source());
        for (String dir : tree.dirs()) {
            typed(() -> reader.list(reader.resolve(root, dir)));
        }
        for (String file : tree.files()) {
            typed(() -> readAll(reader.open(reader.resolve(root, file))));
            long offset = r.nextInt(4_000);
            long length = r.nextInt(4_000);
            typed(() -> readAll(reader.open(reader.resolve(root, file), offset, length)));
        }
        typed(() -> DagTraversal.walk(store.source(), root, block -> { }));
    }

    private static byte[] damage(Damage damage, byte[] original, Random r) {
        switch (damage) {
            case RANDOM_BYTES -> {
                byte[] b = new byte[r.nextInt(300)];
                r.nextBytes(b);
                return b;
            }
            case TRUNCATED -> {
                return Arrays.copyOf(original, original.length == 0 ? 0 : r.nextInt(original.length));
            }
            case BYTES_FLIPPED -> {
                byte[] b = original.clone();
                for (int i = 0, n = 1 + r.nextInt(3); i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                }
                return b;
            }
            case BYTE_INSERTED -> {
                int at = r.nextInt(original.length + 1);
                byte[] b = new byte[original.length + 1];
                System.arraycopy(original, 0, b, 0, at);
                b[at] = (byte) r.nextInt(256);
                System.arraycopy(original, at, b, at + 1, original.length - at);
                return b;
            }
            default -> {
                return new byte[0];
            }
        }
    }

    @FunctionalInterface
    private interface Read {
        void run() throws IOException;
    }

    private static void typed(Read read) throws IOException {
        try {
            read.run();
        } catch (FormatException | NoSuchPathException | BlockNotFoundException expected) {
            // A refusal with a type a front end can map.
        } catch (RuntimeException e) {
            fail("untyped failure reading a damaged DAG", e);
        }
    }

    private static void readAll(InputStream in) throws IOException {
        try (in) {
            in.readAllBytes();
        }
    }

    /** {@code root} with every link to {@code target} pointing at {@code replacement}, ancestors re-hashed. */
    private static Cid replace(MemoryBlockStore store, Cid cid, Cid target, Cid replacement, Map<Cid, Cid> done) {
        if (cid.equals(target)) {
            return replacement;
        }
        if (!cid.isCodec(Multicodec.DAG_PB)) {
            return cid;
        }
        Cid known = done.get(cid);
        if (known != null) {
            return known;
        }
        PbNode node = DagPb.decode(store.get(cid.multihash()).orElseThrow());
        List<PbLink> links = new ArrayList<>();
        boolean changed = false;
        for (PbLink l : node.links()) {
            Cid child = replace(store, l.hash(), target, replacement, done);
            changed |= !child.equals(l.hash());
            links.add(new PbLink(child, l.name(), l.tsize()));
        }
        Cid out = cid;
        if (changed) {
            byte[] bytes = DagPb.encode(new PbNode(links, node.data()));
            out = store.add(new Block(Cid.of(cid.version(), Multicodec.DAG_PB, HashFunction.SHA2_256, bytes), bytes));
        }
        done.put(cid, out);
        return out;
    }

    private static Set<Cid> reachable(MemoryBlockStore store, Cid root) {
        Set<Cid> out = new LinkedHashSet<>();
        List<Cid> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Cid cid = todo.remove(todo.size() - 1);
            if (out.add(cid) && cid.isCodec(Multicodec.DAG_PB)) {
                for (PbLink l : DagPb.decode(store.get(cid.multihash()).orElseThrow()).links()) {
                    todo.add(l.hash());
                }
            }
        }
        return out;
    }

    /** root/{f0..f2, sub/{g0..g7, deep/{h}}}: files of random layouts; each directory plain or a HAMT. */
    private static Tree tree(MemoryBlockStore store, Random r) throws IOException {
        List<String> files = new ArrayList<>();
        DirectoryEntry h = fileEntry(store, r, "h");
        files.add("sub/deep/h");
        DirectoryEntry deep = directory(store, r, "deep", List.of(h));
        List<DirectoryEntry> sub = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sub.add(DirectoryFixture.file(store, "g" + i));
            files.add("sub/g" + i);
        }
        sub.add(deep);
        List<DirectoryEntry> top = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            top.add(fileEntry(store, r, "f" + i));
            files.add("f" + i);
        }
        top.add(directory(store, r, "sub", sub));
        Cid root = directory(store, r, "", top).cid();
        return new Tree(root, files, List.of("", "sub", "sub/deep"));
    }

    private static DirectoryEntry directory(MemoryBlockStore store, Random r, String name,
            List<DirectoryEntry> entries) throws IOException {
        return r.nextBoolean()
                ? DirectoryFixture.plain(store, name, entries)
                : DirectoryFixture.hamt(store, name, 8 << r.nextInt(3), entries);
    }

    private static DirectoryEntry fileEntry(MemoryBlockStore store, Random r, String name) throws IOException {
        byte[] data = new byte[r.nextInt(3_000)];
        r.nextBytes(data);
        ImportOptions options = ImportOptions.builder().chunker("size-" + (50 + r.nextInt(250)))
                .maxLinks(2 + r.nextInt(3)).layout(r.nextBoolean() ? Layout.BALANCED : Layout.TRICKLE)
                .rawLeaves(r.nextBoolean()).cidVersion(r.nextInt(2)).build();
        return new DirectoryEntry(name, FileDagBuilder.build(new ByteArrayInputStream(data), options, store).cid(),
                data.length);
    }
}
