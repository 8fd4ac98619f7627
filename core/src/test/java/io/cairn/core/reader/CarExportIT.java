package io.cairn.core.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.car.CarReader;
import io.cairn.core.car.CarWriter;
import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.Layout;
import io.cairn.core.interop.NodeInterop;
import io.cairn.core.interop.NodeInterop.CarEntry;
import io.cairn.core.interop.NodeInterop.CarListing;
import io.cairn.core.interop.NodeInterop.ImportResult;
import io.cairn.core.interop.NodeInterop.ImportedEntry;
import io.cairn.core.ipld.DagTraversal;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.unixfs.DirectoryEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CARs across the JavaScript boundary, both ways: a CAR Cairn writes from a {@link DagTraversal} walk is read by
 * the real {@code @ipld/car} with the same root and the same blocks in the same order; and a CAR that
 * ipfs-unixfs-importer writes is read by Cairn's {@link CarReader}, its files read back through
 * {@link UnixFsReader} (whole, by range, and through HAMT directories) equal to what was imported.
 */
class CarExportIT {
    @TempDir
    Path tmp;

    private NodeInterop js;

    /** Per test, so that without the harness each test is reported skipped (or fails under CAIRN_REQUIRE_INTEROP). */
    @BeforeEach
    void install() {
        js = NodeInterop.get();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void walkedCarReadsBackInJsWithTheSameRootAndBlockOrder(int cidVersion) throws Exception {
        MemoryBlockStore store = new MemoryBlockStore();
        Random r = new Random(cidVersion);
        List<DirectoryEntry> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] data = new byte[i == 0 ? 0 : r.nextInt(40_000)];
            r.nextBytes(data);
            ImportOptions options = ImportOptions.builder().chunker("size-" + (500 + i * 300)).maxLinks(3)
                    .layout(i % 2 == 0 ? Layout.BALANCED : Layout.TRICKLE).cidVersion(cidVersion).build();
            Cid cid = FileDagBuilder.build(new ByteArrayInputStream(data), options, store).cid();
            files.add(new DirectoryEntry("file-" + i, cid, data.length));
        }
        // The same content twice (a repeated block in the walk) and a zero-filled file (repeated leaves).
        files.add(new DirectoryEntry("again", files.get(3).cid(), files.get(3).tsize()));
        files.add(new DirectoryEntry("zeros", FileDagBuilder.build(new ByteArrayInputStream(new byte[20_000]),
                ImportOptions.builder().chunker("size-1000").maxLinks(2).cidVersion(cidVersion).build(), store)
                .cid(), 20_000));
        List<DirectoryEntry> many = new ArrayList<>(files);
        many.addAll(DirectoryFixture.files(store, names(80)));
        DirectoryEntry hamt = DirectoryFixture.hamt(store, "hamt", 16, many);
        List<DirectoryEntry> top = new ArrayList<>(files);
        top.add(hamt);
        Cid root = DirectoryFixture.plain(store, "root", top).cid();

        Path car = tmp.resolve("walk.car");
        List<Block> walked = new ArrayList<>();
        try (OutputStream out = Files.newOutputStream(car); CarWriter writer = new CarWriter(out, List.of(root))) {
            DagTraversal.walk(store.source(), root, block -> {
                walked.add(block);
                writer.write(block);
            });
        }
        assertTrue(walked.size() > 100, walked.size() + " blocks");

        CarListing listing = js.readCarWithJs(car);
        assertEquals(1, listing.version());
        assertEquals(List.of(root.toString()), listing.roots());
        assertEquals(walked.size(), listing.blocks().size());
        for (int i = 0; i < walked.size(); i++) {
            Block b = walked.get(i);
            CarEntry e = listing.blocks().get(i);
            assertEquals(b.cid().toString(), e.cid(), "block " + i);
            assertEquals(b.size(), e.size(), "block " + i);
            assertEquals(sha256(b.data()), e.sha256hex(), "block " + i);
        }
    }

    /** ipfs-unixfs-importer settings that give deep trees, trickle, rabin and both CID versions. */
    @ParameterizedTest
    @ValueSource(strings = {"defaults", "v0-deep", "trickle", "rabin", "v1-wrapped-leaves"})
    void jsImportedCarReadsBackThroughCairn(String variant) throws Exception {
        Map<String, Object> options = switch (variant) {
            case "defaults" -> Map.of();
            case "v0-deep" -> Map.of("cidVersion", 0, "rawLeaves", false, "chunkSize", 1000,
                    "maxChildrenPerNode", 3);
            case "trickle" -> Map.of("cidVersion", 0, "rawLeaves", false, "leafType", "raw", "chunkSize", 700,
                    "layout", "trickle", "maxChildrenPerNode", 3);
            case "rabin" -> Map.of("chunker", "rabin", "minChunkSize", 64, "avgChunkSize", 256,
                    "maxChunkSize", 1024, "maxChildrenPerNode", 4);
            default -> Map.of("cidVersion", 1, "rawLeaves", false, "chunkSize", 2000, "maxChildrenPerNode", 5);
        };
        byte[] data = new byte[variant.equals("defaults") ? 1_300_000 : 150_000];
        new Random(variant.hashCode()).nextBytes(data);
        Path file = tmp.resolve("input.bin");
        Files.write(file, data);
        Path car = tmp.resolve("js.car");

        ImportResult result = js.importWithJs(file, false, options, car);
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = readCar(car, store);
        assertEquals(result.root(), root.toString());

        UnixFsReader reader = new UnixFsReader(store.source());
        try (InputStream in = reader.open(root)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) {
            int offset = r.nextInt(data.length + 10);
            int length = r.nextInt(5_000);
            try (InputStream in = reader.open(root, offset, length)) {
                int from = Math.min(offset, data.length);
                assertArrayEquals(Arrays.copyOfRange(data, from, Math.min(data.length, from + length)),
                        in.readAllBytes(), "offset " + offset + " length " + length);
            }
        }
    }

    /** A directory the JS importer shards at fanout 16 (threshold 0): Cairn lists it and reads each file. */
    @Test
    void jsShardedDirectoryCarListsAndResolvesInCairn() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Random r = new Random(9);
        List<String> names = names(150);
        for (String n : names) {
            byte[] content = new byte[r.nextInt(3_000)];
            r.nextBytes(content);
            Files.write(dir.resolve(n), content);
        }
        Files.write(sub.resolve("inner"), new byte[] {1, 2, 3});
        Path car = tmp.resolve("dir.car");
        ImportResult result = js.importWithJs(dir, false, Map.of("cidVersion", 1, "shardSplitThresholdBytes", 0,
                "shardFanoutBits", 4, "chunkSize", 1000, "maxChildrenPerNode", 2), car);
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = readCar(car, store);
        assertEquals(result.root(), root.toString());
        assertEquals(io.cairn.core.unixfs.UnixFsType.HAMT_SHARD, new UnixFsReader(store.source()).load(root).type());
        assertTrue(new HamtPaths(store, root).levels() >= 2, "a HAMT of several levels");

        UnixFsReader reader = new UnixFsReader(store.source());
        List<String> listed = reader.list(root).stream().map(DirectoryItem::name).sorted().toList();
        List<String> expected = new ArrayList<>(names);
        expected.add("sub");
        assertEquals(expected.stream().sorted().toList(), listed);
        for (String n : names) {
            ImportedEntry entry = result.entry("dir/" + n);
            Cid cid = reader.resolve(root, n);
            assertEquals(entry.cid(), cid.toString(), n);
            try (InputStream in = reader.open(cid)) {
                assertArrayEquals(Files.readAllBytes(dir.resolve(n)), in.readAllBytes(), n);
            }
        }
        try (InputStream in = reader.open(reader.resolve(root, "sub/inner"))) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
    }

    /** Loads every block (CarReader verifies each against its CID) and returns the single root. */
    private static Cid readCar(Path car, MemoryBlockStore store) throws IOException {
        try (InputStream in = Files.newInputStream(car); CarReader reader = CarReader.open(in)) {
            assertEquals(1, reader.roots().size());
            for (Block b : reader) {
                store.put(b);
            }
            return reader.roots().get(0);
        }
    }

    private static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i % 3 == 0 ? "f" + i : i % 3 == 1 ? "caf\u00e9-" + i : Integer.toHexString(i * 7919));
        }
        return out;
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
