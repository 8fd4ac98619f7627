package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.core.interop.NodeInterop;
import io.cairn.core.interop.NodeInterop.CarEntry;
import io.cairn.core.interop.NodeInterop.CarListing;
import io.cairn.core.interop.NodeInterop.ImportResult;
import io.cairn.core.interop.NodeInterop.ImportedEntry;
import io.cairn.core.interop.NodeInterop.JsBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CAR files across the JavaScript boundary, through the command line: a CAR {@code cairn dag export} writes is
 * read by the real {@code @ipld/car} with the same root and each block once, bytes intact; and CARs written by
 * {@code @ipld/car} (from ipfs-unixfs-importer, or block by block) go through {@code cairn dag import} and read
 * back identical with {@code cat} and {@code get}. Expected values come from the JavaScript side as strings.
 */
class CarCompatIT {
    @TempDir
    Path tmp;

    private NodeInterop js;

    /** Per test, so that without the harness each test is reported skipped (or fails under CAIRN_REQUIRE_INTEROP). */
    @BeforeEach
    void install() {
        js = NodeInterop.get();
    }

    private Path tree() throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs/sub"));
        Random r = new Random(11);
        byte[] big = new byte[700_000];
        r.nextBytes(big);
        Files.write(docs.resolve("big.bin"), big);
        Files.writeString(tmp.resolve("docs/a.txt"), "hello world\n");
        Files.writeString(tmp.resolve("docs/again.txt"), "hello world\n");
        Files.write(tmp.resolve("docs/empty"), new byte[0]);
        return tmp.resolve("docs");
    }

    @ParameterizedTest(name = "cid-version {0}")
    @ValueSource(ints = {0, 1})
    void exportedCarReadsInJsWithTheSameRootAndBlocks(int cidVersion) throws Exception {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        List<String> added = cairn.run("add", "-r", "-q", "--cid-version", String.valueOf(cidVersion), "--chunker",
                "size-100000", tree().toString()).lines();
        String root = added.get(added.size() - 1);
        byte[] car = cairn.run("dag", "export", root).ok().stdout();
        Path file = Files.write(tmp.resolve("export.car"), car);

        CarListing listing = js.readCarWithJs(file);
        assertEquals(1, listing.version());
        assertEquals(List.of(root), listing.roots());
        assertEquals(root, listing.blocks().get(0).cid(), "the root block first");
        Set<String> seen = new HashSet<>();
        for (CarEntry e : listing.blocks()) {
            assertEquals(true, seen.add(e.cid()), "written twice: " + e.cid());
            byte[] stored = cairn.run("block", "get", e.cid()).ok().stdout();
            assertEquals(stored.length, e.size(), e.cid());
            assertEquals(sha256(stored), e.sha256hex(), e.cid());
        }
        // big.bin: 7 leaves + its root; a.txt = again.txt; the empty file; sub; docs.
        assertEquals(12, listing.blocks().size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kubo-defaults", "v1-raw-leaves", "trickle"})
    void jsImportedCarImportsAndReadsBackIdentical(String variant) throws Exception {
        Map<String, Object> options = switch (variant) {
            case "kubo-defaults" -> Map.of("cidVersion", 0, "rawLeaves", false);
            case "v1-raw-leaves" -> Map.of("cidVersion", 1, "rawLeaves", true, "chunkSize", 50_000);
            default -> Map.of("cidVersion", 0, "rawLeaves", false, "leafType", "raw", "chunkSize", 30_000,
                    "layout", "trickle", "maxChildrenPerNode", 4);
        };
        Path docs = tree();
        Path car = tmp.resolve("js.car");
        ImportResult result = js.importWithJs(docs, false, options, car);

        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("repo", "stat");
        assertEquals("Pinned root\t" + result.root() + "\tsuccess\n", cairn.ok("dag", "import", car.toString()));
        assertEquals(result.root() + " recursive\n", cairn.ok("pin", "ls", "--type=recursive"));

        for (ImportedEntry e : result.entries()) {
            Path local = tmp.resolve(e.path());
            if (Files.isRegularFile(local)) {
                assertArrayEquals(Files.readAllBytes(local), cairn.run("cat", e.cid()).ok().stdout(), e.path());
            }
        }
        Path out = tmp.resolve("out");
        cairn.ok("get", result.root(), "-o", out.toString());
        for (String rel : List.of("sub/big.bin", "a.txt", "again.txt", "empty")) {
            assertArrayEquals(Files.readAllBytes(docs.resolve(rel)), Files.readAllBytes(out.resolve(rel)), rel);
        }
    }

    /** A CAR @ipld/car writes from single blocks, with two roots: both are pinned; a corrupt block is refused. */
    @Test
    void jsWrittenCarWithTwoRoots() throws Exception {
        // t0050's raw blocks "Hello Mars!\n" and "Hello Venus!\n".
        String mars = "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4";
        String venus = "bafkreihfsphazrk2ilejpekyltjeh5k4yvwgjuwg26ueafohqioeo3sdca";
        Path car = tmp.resolve("two.car");
        js.writeCarWithJs(car, List.of(mars, venus), List.of(new JsBlock(mars, utf8("Hello Mars!\n")),
                new JsBlock(venus, utf8("Hello Venus!\n"))));
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("repo", "stat");
        assertEquals("Pinned root\t" + mars + "\tsuccess\nPinned root\t" + venus + "\tsuccess\n",
                cairn.ok("dag", "import", car.toString()));
        assertEquals("Hello Venus!\n", cairn.ok("block", "get", venus));

        // Mars's CID over other bytes: @ipld/car writes what it is given; the import must check.
        Path bad = tmp.resolve("bad.car");
        js.writeCarWithJs(bad, List.of(mars), List.of(new JsBlock(mars, utf8("Hello Pluto!\n"))));
        Cairn other = new Cairn(tmp.resolve("other"));
        other.run("repo", "stat");
        other.run("dag", "import", bad.toString()).fails("does not hash to");
        assertEquals("", other.ok("pin", "ls"));
    }

    /**
     * A DAG mixing dag-cbor, dag-json, dag-pb and raw blocks, made and written as a CAR by the JavaScript libraries
     * ({@code ipld-links.mjs}): imported and pinned, it survives {@code repo gc} whole, and the CAR {@code dag export}
     * writes holds every block once, root first, as @ipld/car reads it.
     */
    @Test
    void jsMixedCodecDagSurvivesGcAndExportsWhole() throws Exception {
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("seed", 11);
        request.put("count", 0);
        request.put("outDir", tmp.toString());
        Map<?, ?> dag = (Map<?, ?>) js.runWithRequest("ipld-links.mjs", request, NodeInterop.DEFAULT_TIMEOUT)
                .get("dag");
        String root = (String) dag.get("root");
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("repo", "stat");
        assertEquals("Pinned root\t" + root + "\tsuccess\n", cairn.ok("dag", "import", (String) dag.get("car")));
        assertEquals("", cairn.ok("repo", "gc"), "nothing of the pinned DAG is garbage");

        Path exported = Files.write(tmp.resolve("exported.car"), cairn.run("dag", "export", root).ok().stdout());
        CarListing listing = js.readCarWithJs(exported);
        assertEquals(List.of(root), listing.roots());
        List<String> cids = listing.blocks().stream().map(CarEntry::cid).toList();
        assertEquals(root, cids.get(0));
        assertEquals(Set.copyOf((List<?>) dag.get("cids")), Set.copyOf(cids));
        assertEquals(((List<?>) dag.get("cids")).size(), cids.size(), "each block once");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
