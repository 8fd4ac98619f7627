package io.cairn.core.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.core.chunker.Chunker;
import io.cairn.core.chunker.ChunkerSpec;
import io.cairn.core.interop.NodeInterop;
import io.cairn.core.interop.NodeInterop.CarEntry;
import io.cairn.core.interop.NodeInterop.CarListing;
import io.cairn.core.interop.NodeInterop.ImportResult;
import io.cairn.core.interop.NodeInterop.ImportedEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn's importer against the real ipfs-unixfs-importer 17.1.1 (the npm harness, docs/interop.md): for every case
 * the same root CID, the same cumulative size (Tsize) and, where a case says so, the same set of blocks, compared
 * with the CAR the JavaScript importer wrote. Reference values reach the assertions as strings straight from
 * JavaScript.
 *
 * <p>How the settings map. Cairn is set up as Kubo's flags are resolved ({@link ImportOptions}); the JavaScript side
 * is given the options that make ipfs-unixfs-importer build what Kubo (boxo) builds:
 * <ul>
 *   <li>Kubo's defaults (CIDv0, dag-pb leaves, 256 KiB, 174 links) are {@code {cidVersion: 0, rawLeaves: false}};
 *       chunk size and fan-out are the importer's defaults too, and are passed explicitly when changed;</li>
 *   <li>an IPIP-499 profile is the importer's {@code profile} option;</li>
 *   <li>Kubo's trickle is {@code {layout: 'trickle', layerRepeat: 4, maxChildrenPerNode: N, leafType: 'raw',
 *       reduceSingleLeafToSelf: false}}: boxo's trickle wraps non-raw leaves as UnixFS {@code Raw} (balanced uses
 *       {@code File}) and always puts a file node above the leaves, even for one chunk. The importer's trickle
 *       ({@code layout/trickle.ts}) lays out the same shape as boxo's {@code fillTrickleRec}: a node takes up to N
 *       leaves, then {@code layerRepeat} subtrees of each depth 1, 2, ... below its own; a JS sub-tree node whose
 *       {@code maxChildren} is {@code 4j} plays boxo's {@code fillTrickleRec(depth = j + 1)}. The one difference
 *       found: for an empty file the importer also stores the empty leaf it then drops, an unreachable block boxo
 *       never makes; so empty trickle files compare roots only;</li>
 *   <li>rabin and buzhash: the importer's rabin-wasm uses another polynomial than Kubo, so the JavaScript side is
 *       given the chunk sizes Cairn's Kubo-compatible chunker produced ({@code import.mjs} chunker
 *       {@code 'sizes'}), which proves the DAG over those chunks; the boundaries themselves are proven against
 *       Kubo's Go code in the chunker tests.</li>
 * </ul>
 *
 * <p>Directories compare every entry the importer yields (path, CID, Tsize) with Cairn's "added" events; Cairn also
 * reports empty directories, which the importer links but does not yield. The HAMT threshold cases use Kubo's own
 * threshold fixtures ({@link KuboTestData}): the directory at exactly 256 KiB, one byte over and one byte under,
 * under links-bytes (Kubo's defaults) and block-bytes ({@code unixfs-v1-2025}) estimation. Directories near the
 * threshold hold files only: the importer counts a not-yet-flushed sub-directory as 0 bytes in its estimate, unlike
 * Kubo, so a threshold directory with non-empty sub-directories may shard differently there (Cairn follows Kubo).
 *
 * <p>Each factory writes its inputs, runs all of its JavaScript imports in one Node process, and yields one dynamic
 * test per case, which runs Cairn and compares. Inputs are Kubo's deterministic ChaCha20 bytes, so any of them can
 * be regenerated with Kubo's test helpers.
 */
class ImporterInteropIT {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    /** Kubo's default chunk size. */
    private static final int CHUNK = 256 * KIB;
    /** The small chunk size used to build wide and deep trees from small inputs. */
    private static final int C = 256;
    private static final String V0 = "unixfs-v0-2015";
    private static final String V1 = "unixfs-v1-2025";
    /** The empty directory as Kubo prints it: the only entries Cairn reports that the importer does not yield. */
    private static final Set<String> EMPTY_DIRS = Set.of("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn",
            "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");

    // ---- files: balanced ---------------------------------------------------------------------------------------

    /** One chunk and two, and a two-level tree with Kubo's real chunk size and fan-out. */
    @TestFactory
    Stream<DynamicTest> kuboDefaultsAroundTheChunkSize(@TempDir Path dir) throws IOException {
        FileCases cases = new FileCases(dir);
        Map<String, Object> js = opts("cidVersion", 0, "rawLeaves", false);
        for (long size : new long[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3L * CHUNK + 7}) {
            cases.add("kubo defaults", size, ImportOptions.builder(), js, size > CHUNK);
        }
        // Two levels with the real settings: 174 leaves under the first node, one under the second (44 MiB).
        cases.add("kubo defaults, 175 chunks", 175L * CHUNK, ImportOptions.builder(), js, true);
        return compare(cases);
    }

    /** 173..175 chunks and a three-level tree (174^2 + 1 chunks) with Kubo's 174 links per node. */
    @TestFactory
    Stream<DynamicTest> kuboDefaultsAroundTheLinkLimit(@TempDir Path dir) throws IOException {
        FileCases cases = new FileCases(dir);
        Map<String, Object> js = opts("cidVersion", 0, "rawLeaves", false, "chunkSize", C, "maxChildrenPerNode", 174);
        for (long size : new long[] {173L * C, 174L * C - 1, 174L * C, 174L * C + 1, 175L * C, 174L * 174 * C,
                174L * 174 * C + 1}) {
            cases.add("kubo defaults, size-256", size, ImportOptions.builder().chunker("size-256"), js,
                    size == 174L * C + 1 || size == 174L * 174 * C + 1);
        }
        return compare(cases);
    }

    @TestFactory
    Stream<DynamicTest> profiles(@TempDir Path dir) throws IOException {
        FileCases cases = new FileCases(dir);
        for (long size : new long[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1}) {
            cases.add(V0, size, ImportOptions.builder().profile(ImportProfile.UNIXFS_V0_2015), opts("profile", V0),
                    size == CHUNK + 1);
        }
        for (long size : new long[] {0, 1, MIB - 1, MIB, MIB + 1, 2L * MIB + 3}) {
            cases.add(V1, size, ImportOptions.builder().profile(ImportProfile.UNIXFS_V1_2025), opts("profile", V1),
                    size == MIB + 1);
        }
        // The profiles' own fan-out (174 and 1024 links) with small chunks, so the limit is reached cheaply.
        for (long size : new long[] {174L * C, 174L * C + 1}) {
            cases.add(V0 + ", size-256", size,
                    ImportOptions.builder().profile(ImportProfile.UNIXFS_V0_2015).chunker("size-256"),
                    opts("profile", V0, "chunkSize", C, "maxChildrenPerNode", 174), false);
        }
        for (long size : new long[] {1023L * C, 1024L * C, 1024L * C + 1, 1025L * C}) {
            cases.add(V1 + ", size-256", size,
                    ImportOptions.builder().profile(ImportProfile.UNIXFS_V1_2025).chunker("size-256"),
                    opts("profile", V1, "chunkSize", C, "maxChildrenPerNode", 1024), size == 1024L * C + 1);
        }
        return compare(cases);
    }

    /** Three to five levels: fan-out 3 and 4, under every leaf and CID-version combination. */
    @TestFactory
    Stream<DynamicTest> deepBalancedTrees(@TempDir Path dir) throws IOException {
        FileCases cases = new FileCases(dir);
        int c3 = KIB;
        long[] links3 = {0, 1, c3, c3 + 1, 3L * c3, 3L * c3 + 1, 9L * c3, 9L * c3 + 1, 27L * c3, 27L * c3 + 1,
            81L * c3 + 1};
        long[] links4 = {16L * C, 16L * C + 1, 64L * C, 64L * C + 1, 256L * C + 1};
        Object[][] leafModes = {
            {"cidv1 raw leaves", 1, true},
            {"cidv0 dag-pb leaves", 0, false},
            {"cidv0 raw leaves", 0, true},
            {"cidv1 dag-pb leaves", 1, false},
        };
        for (Object[] mode : leafModes) {
            int version = (Integer) mode[1];
            boolean raw = (Boolean) mode[2];
            for (long size : links3) {
                cases.add(mode[0] + ", 3 links, size-1024", size,
                        ImportOptions.builder().cidVersion(version).rawLeaves(raw).chunker("size-1024").maxLinks(3),
                        opts("cidVersion", version, "rawLeaves", raw, "chunkSize", c3, "maxChildrenPerNode", 3),
                        size == 27L * c3 + 1 || size == 81L * c3 + 1);
            }
            for (long size : links4) {
                cases.add(mode[0] + ", 4 links, size-256", size,
                        ImportOptions.builder().cidVersion(version).rawLeaves(raw).chunker("size-256").maxLinks(4),
                        opts("cidVersion", version, "rawLeaves", raw, "chunkSize", C, "maxChildrenPerNode", 4),
                        size == 256L * C + 1);
            }
        }
        // Kubo's implication alone: --cid-version 1 turns raw leaves on.
        for (long size : new long[] {1, CHUNK + 1}) {
            cases.add("cidv1 (raw leaves implied)", size, ImportOptions.builder().cidVersion(1),
                    opts("cidVersion", 1, "rawLeaves", true), false);
        }
        return compare(cases);
    }

    // ---- files: trickle ----------------------------------------------------------------------------------------

    /**
     * With 4 links per layer a trickle tree fills its root's leaves at 4 chunks, its depth-1 layers at 20, depth 2
     * at 100, depth 3 at 500: each boundary and the chunk after it, under dag-pb and raw leaves.
     */
    @TestFactory
    Stream<DynamicTest> trickle(@TempDir Path dir) throws IOException {
        FileCases cases = new FileCases(dir);
        long[] sizes = {0, 1, C - 1, C, C + 1, 4L * C, 4L * C + 1, 20L * C, 20L * C + 1, 37L * C + 5, 100L * C,
            100L * C + 1, 500L * C, 500L * C + 1, 1000L * C + 3};
        for (long size : sizes) {
            cases.add("trickle, cidv0 dag-pb leaves, 4 links, size-256", size,
                    ImportOptions.builder().layout(Layout.TRICKLE).chunker("size-256").maxLinks(4),
                    trickleOpts(4, "cidVersion", 0, "rawLeaves", false, "chunkSize", C),
                    size == C + 1 || size == 500L * C + 1 || size == 1000L * C + 3);
            cases.add("trickle, cidv1 raw leaves, 4 links, size-256", size,
                    ImportOptions.builder().layout(Layout.TRICKLE).cidVersion(1).chunker("size-256").maxLinks(4),
                    trickleOpts(4, "cidVersion", 1, "rawLeaves", true, "chunkSize", C),
                    size == 1 || size == 1000L * C + 3);
        }
        // Kubo's 174 links: the root's leaves end at 174 chunks, the depth-1 layers at 5 * 174.
        for (long size : new long[] {174L * C, 174L * C + 1, 870L * C, 870L * C + 1, 1000L * C}) {
            cases.add("trickle, kubo defaults, size-256", size,
                    ImportOptions.builder().layout(Layout.TRICKLE).chunker("size-256"),
                    trickleOpts(174, "cidVersion", 0, "rawLeaves", false, "chunkSize", C), size == 870L * C + 1);
        }
        for (long size : new long[] {0, 1, CHUNK, CHUNK + 1}) {
            cases.add("trickle, kubo defaults", size, ImportOptions.builder().layout(Layout.TRICKLE),
                    trickleOpts(174, "cidVersion", 0, "rawLeaves", false), size == 1);
        }
        return compare(cases);
    }

    /**
     * The one difference found between the importer's trickle and boxo's: for an empty file the importer stores the
     * empty leaf, then drops it from the root (its reducer skips empty leaves), leaving a block nothing links to.
     * The roots agree (a file node with no links: the same block as Kubo's empty balanced file).
     */
    @Test
    void trickleEmptyFileLeavesOneUnreachableBlockInTheImportersCar(@TempDir Path dir) throws IOException {
        NodeInterop js = NodeInterop.get();
        Path empty = Files.createFile(dir.resolve("empty"));
        Path car = dir.resolve("empty.car");
        ImportResult expected = JsImports.run(js, List.of(JsImports.request(empty, false,
                trickleOpts(174, "cidVersion", 0, "rawLeaves", false), car))).get(0);
        BlockRecorder sink = new BlockRecorder();
        FileLink link = FileDagBuilder.build(InputStream.nullInputStream(),
                ImportOptions.builder().layout(Layout.TRICKLE).build(), sink);
        assertEquals(expected.root(), link.cid().toString());
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", link.cid().toString());
        Set<CarEntry> theirs = new HashSet<>(js.readCarWithJs(car).blocks());
        Set<CarEntry> mine = sink.blocks();
        assertEquals(1, mine.size(), "Cairn's trickle of nothing is its root alone");
        assertTrue(theirs.containsAll(mine));
        assertEquals(1, theirs.size() - mine.size(), "the importer's extra block(s): " + theirs);
    }

    // ---- files: content-defined chunkers -----------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> rabinAndBuzhashChunks(@TempDir Path dir) throws IOException {
        FileCases cases = new FileCases(dir);
        Path random300k = cases.input(300_000);
        Path random3m = cases.input(3L * MIB);
        Path zeros = dir.resolve("zeros");
        try (OutputStream out = Files.newOutputStream(zeros)) {
            out.write(new byte[3 * MIB / 2]);
        }
        record Run(String label, String spec, Path input, ImportOptions.Builder cairn, Map<String, Object> js,
                boolean blocks) {
        }
        Map<String, Object> kubo = opts("cidVersion", 0, "rawLeaves", false);
        Map<String, Object> v1 = opts("cidVersion", 1, "rawLeaves", true);
        String small = "rabin-512-1024-2048";
        List<Run> runs = List.of(
                new Run(small + ", kubo defaults", small, random300k, ImportOptions.builder(), kubo, true),
                new Run(small + ", cidv1", small, random300k, ImportOptions.builder().cidVersion(1), v1, false),
                new Run(small + ", 4 links", small, random300k, ImportOptions.builder().maxLinks(4),
                        opts("cidVersion", 0, "rawLeaves", false, "maxChildrenPerNode", 4), false),
                new Run(small + ", trickle, 4 links", small, random300k,
                        ImportOptions.builder().layout(Layout.TRICKLE).maxLinks(4),
                        trickleOpts(4, "cidVersion", 0, "rawLeaves", false), true),
                new Run("rabin", "rabin", random3m, ImportOptions.builder(), kubo, false),
                new Run("buzhash", "buzhash", random3m, ImportOptions.builder(), kubo, true),
                new Run("buzhash, cidv1", "buzhash", random3m, ImportOptions.builder().cidVersion(1), v1, false),
                new Run("buzhash, zeros", "buzhash", zeros, ImportOptions.builder(), kubo, false),
                new Run(small + ", zeros", small, zeros, ImportOptions.builder(), kubo, false));
        for (Run run : runs) {
            List<Integer> sizes = chunkSizes(run.spec(), run.input());
            assertTrue(sizes.size() >= 3, run.spec() + " cut " + run.input() + " into " + sizes.size() + " chunks");
            Map<String, Object> js = new LinkedHashMap<>(run.js());
            js.put("chunker", "sizes");
            js.put("chunkSizes", sizes);
            cases.add(run.label() + " (" + sizes.size() + " chunks)", run.input(), run.cairn().chunker(run.spec()), js,
                    run.blocks());
        }
        return compare(cases);
    }

    // ---- directories -------------------------------------------------------------------------------------------

    /**
     * Nested directories, empty ones, hidden entries, a symlink, names whose UTF-8 byte order differs from
     * {@link String#compareTo} ({@code U+FF5E} sorts before {@code U+1F600} by bytes, after it by UTF-16), and a
     * file of many chunks.
     */
    @TestFactory
    Stream<DynamicTest> nestedDirectories(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "file names need a UTF-8 file system encoding (run with LANG=C.UTF-8)");
        Path tree = nestedTree(dir.resolve("tree"));
        TreeCases cases = new TreeCases(dir);
        cases.add("kubo defaults", List.of(tree), false, false, ImportOptions.builder(),
                opts("cidVersion", 0, "rawLeaves", false), true);
        cases.add(V0, List.of(tree), false, false, ImportOptions.builder().profile(ImportProfile.UNIXFS_V0_2015),
                opts("profile", V0), false);
        cases.add(V1, List.of(tree), false, false, ImportOptions.builder().profile(ImportProfile.UNIXFS_V1_2025),
                opts("profile", V1), true);
        cases.add("cidv1", List.of(tree), false, false, ImportOptions.builder().cidVersion(1),
                opts("cidVersion", 1, "rawLeaves", true), false);
        cases.add("hidden files included", List.of(tree), false, true, ImportOptions.builder(),
                opts("cidVersion", 0, "rawLeaves", false), true);
        cases.add("kubo defaults, size-256", List.of(tree), false, false, ImportOptions.builder().chunker("size-256"),
                opts("cidVersion", 0, "rawLeaves", false, "chunkSize", C), false);
        cases.add("trickle", List.of(tree), false, false, ImportOptions.builder().layout(Layout.TRICKLE)
                .chunker("size-256"), trickleOpts(174, "cidVersion", 0, "rawLeaves", false, "chunkSize", C), false);
        return cases.compare();
    }

    /**
     * Kubo's HAMT threshold fixtures: exactly at 256 KiB (stays a plain directory: the comparison is {@code >}),
     * one byte over (a HAMT) and one byte under, for both estimation modes. Kubo's CIDs for the first two are
     * checked in {@link KuboImportVectorsIT}.
     */
    @TestFactory
    Stream<DynamicTest> hamtThreshold(@TempDir Path dir) throws IOException {
        TreeCases cases = new TreeCases(dir);
        // links-bytes, CIDv0: 4096 * (30 + 34) = 262144; 4033 * (31 + 34) = 262145.
        String v0Seed = "hamt-unixfs-v0-2015";
        Object[][] links = {
            {"links-bytes, 1 byte under", 4096, 30, 29, "directory"},
            {"links-bytes, at the threshold", 4096, 30, 30, "directory"},
            {"links-bytes, 1 byte over", 4033, 31, 31, "hamt-sharded-directory"},
        };
        for (Object[] l : links) {
            Path d = dir.resolve("links-" + l[3] + "-" + l[1]);
            KuboTestData.createFiles(d, (Integer) l[1], (Integer) l[2], (Integer) l[3], v0Seed);
            cases.add((String) l[0], List.of(d), false, false, ImportOptions.builder(),
                    opts("cidVersion", 0, "rawLeaves", false), l[4].equals("hamt-sharded-directory"))
                    .expectRootType((String) l[4]);
        }
        // block-bytes, CIDv1 raw leaves: 4765 links of 55 bytes, one of 65 or 66, and 4 bytes of UnixFS data.
        String v1Seed = "hamt-unixfs-v1-2025";
        Object[][] blocks = {
            {"block-bytes, 1 byte under", 20, "directory"},
            {"block-bytes, at the threshold", 21, "directory"},
            {"block-bytes, 1 byte over", 22, "hamt-sharded-directory"},
        };
        for (Object[] b : blocks) {
            Path d = dir.resolve("block-" + b[1]);
            KuboTestData.createFiles(d, 4766, 11, (Integer) b[1], v1Seed);
            cases.add((String) b[0], List.of(d), false, false,
                    ImportOptions.builder().profile(ImportProfile.UNIXFS_V1_2025), opts("profile", V1),
                    b[2].equals("hamt-sharded-directory"))
                    .expectRootType((String) b[2]);
        }
        return cases.compare();
    }

    /** {@code ipfs add -w} of one file, of several, of a file and a directory; and several paths unwrapped. */
    @TestFactory
    Stream<DynamicTest> wrapWithDirectory(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "file names need a UTF-8 file system encoding (run with LANG=C.UTF-8)");
        Path tree = nestedTree(dir.resolve("tree"));
        Path a = tree.resolve("a.txt");
        Path c = tree.resolve("b").resolve("c.txt");
        Path tilde = tree.resolve("\uFF5E");
        Path b = tree.resolve("b");
        TreeCases cases = new TreeCases(dir);
        // A builder is reused across cases: each case sets wrapping and hidden files itself before building.
        record Mode(String label, ImportOptions.Builder cairn, Map<String, Object> js) {
        }
        for (Mode m : List.of(
                new Mode("kubo defaults", ImportOptions.builder(), opts("cidVersion", 0, "rawLeaves", false)),
                new Mode(V1, ImportOptions.builder().profile(ImportProfile.UNIXFS_V1_2025), opts("profile", V1)))) {
            cases.add(m.label() + ", -w one file", List.of(a), true, false, m.cairn(), m.js(), true);
            // Given out of order on purpose: Kubo sorts command-line paths by name.
            cases.add(m.label() + ", -w three files", List.of(c, tilde, a), true, false, m.cairn(), m.js(), false);
            cases.add(m.label() + ", -w a file and a directory", List.of(b, a), true, false, m.cairn(), m.js(), true);
            cases.add(m.label() + ", a file and a directory unwrapped", List.of(a, b), false, false, m.cairn(), m.js(),
                    false);
        }
        return cases.compare();
    }

    // ---- the cases and how they are compared -------------------------------------------------------------------

    /** One file imported both ways; {@code car} is where the importer writes its blocks, or null. */
    private record FileCase(String name, Path input, ImportOptions cairn, Map<String, Object> js, Path car) {
    }

    /** The file cases of one factory, with their inputs written once each. */
    private static final class FileCases {
        final Path dir;
        final List<FileCase> cases = new ArrayList<>();
        final Map<Long, Path> inputs = new HashMap<>();

        FileCases(Path dir) {
            this.dir = dir;
        }

        /** A file of {@code size} bytes of Kubo's deterministic data. */
        Path input(long size) throws IOException {
            Path p = inputs.get(size);
            if (p == null) {
                p = dir.resolve("input-" + size);
                KuboTestData.writeFile(p, size, "cairn-import-" + size);
                inputs.put(size, p);
            }
            return p;
        }

        void add(String label, long size, ImportOptions.Builder cairn, Map<String, Object> js, boolean blocks)
                throws IOException {
            add(label + ", " + size + " bytes", input(size), cairn, js, blocks);
        }

        void add(String name, Path input, ImportOptions.Builder cairn, Map<String, Object> js, boolean blocks) {
            Path car = blocks ? dir.resolve("case-" + cases.size() + ".car") : null;
            cases.add(new FileCase(name, input, cairn.build(), js, car));
        }
    }

    private static Stream<DynamicTest> compare(FileCases cases) {
        NodeInterop js = NodeInterop.get();
        List<Map<String, Object>> requests = new ArrayList<>();
        for (FileCase c : cases.cases) {
            requests.add(JsImports.request(c.input(), false, c.js(), c.car()));
        }
        List<ImportResult> results = JsImports.run(js, requests);
        return IntStream.range(0, results.size()).mapToObj(i -> {
            FileCase c = cases.cases.get(i);
            return DynamicTest.dynamicTest(c.name(), () -> checkFile(js, c, results.get(i)));
        });
    }

    private static void checkFile(NodeInterop js, FileCase c, ImportResult expected) throws IOException {
        BlockRecorder sink = new BlockRecorder();
        FileLink link;
        try (InputStream in = Files.newInputStream(c.input())) {
            link = FileDagBuilder.build(in, c.cairn(), sink);
        }
        assertEquals(expected.root(), link.cid().toString(), c.name() + ": root CID");
        ImportedEntry root = expected.entries().get(expected.entries().size() - 1);
        assertEquals(root.size(), link.tsize(), c.name() + ": cumulative size (Tsize) of the root");
        assertEquals(Files.size(c.input()), link.fileSize(), c.name() + ": file size");
        if (c.car() != null) {
            assertSameBlocks(js, c.name(), c.car(), expected.root(), sink);
        }
    }

    /** One directory import (or several paths) both ways; {@code rootType} is the UnixFS type expected, or null. */
    private static final class TreeCase {
        final String name;
        final List<Path> sources;
        final boolean wrap;
        final boolean hidden;
        final ImportOptions cairn;
        final Map<String, Object> js;
        final Path car;
        String rootType;

        TreeCase(String name, List<Path> sources, boolean wrap, boolean hidden, ImportOptions cairn,
                Map<String, Object> js, Path car) {
            this.name = name;
            this.sources = sources;
            this.wrap = wrap;
            this.hidden = hidden;
            this.cairn = cairn;
            this.js = js;
            this.car = car;
        }

        TreeCase expectRootType(String type) {
            this.rootType = type;
            return this;
        }
    }

    private static final class TreeCases {
        final Path dir;
        final List<TreeCase> cases = new ArrayList<>();

        TreeCases(Path dir) {
            this.dir = dir;
        }

        TreeCase add(String name, List<Path> sources, boolean wrap, boolean hidden, ImportOptions.Builder cairn,
                Map<String, Object> js, boolean blocks) {
            Path car = blocks ? dir.resolve("tree-" + cases.size() + ".car") : null;
            TreeCase c = new TreeCase(name, sources, wrap, hidden,
                    cairn.wrapWithDirectory(wrap).includeHidden(hidden).build(), js, car);
            cases.add(c);
            return c;
        }

        Stream<DynamicTest> compare() {
            NodeInterop js = NodeInterop.get();
            List<Map<String, Object>> requests = new ArrayList<>();
            for (TreeCase c : cases) {
                Map<String, Object> request = JsImports.request(c.sources, c.wrap, c.js, c.car);
                request.put("hidden", c.hidden);
                requests.add(request);
            }
            List<ImportResult> results = JsImports.run(js, requests);
            return IntStream.range(0, results.size()).mapToObj(i -> {
                TreeCase c = cases.get(i);
                return DynamicTest.dynamicTest(c.name, () -> checkTree(js, c, results.get(i)));
            });
        }
    }

    private static void checkTree(NodeInterop js, TreeCase c, ImportResult expected) throws IOException {
        BlockRecorder sink = new BlockRecorder();
        Map<String, FileLink> added = new LinkedHashMap<>();
        UnixFsImporter importer = new UnixFsImporter(c.cairn, sink, (path, link) -> {
            if (added.put(path, link) != null) {
                fail("reported twice: " + path);
            }
        });
        FileLink root = importer.addPaths(c.sources);
        if (c.wrap || c.sources.size() == 1) {
            assertEquals(expected.root(), root.cid().toString(), c.name + ": root CID");
        }
        Set<String> yielded = new HashSet<>();
        for (ImportedEntry e : expected.entries()) {
            yielded.add(e.path());
            FileLink mine = added.get(e.path());
            assertNotNull(mine, c.name + ": Cairn did not report " + e.path() + "; it reported " + added.keySet());
            assertEquals(e.cid(), mine.cid().toString(), c.name + ": CID of " + e.path());
            assertEquals(e.size(), mine.tsize(), c.name + ": cumulative size of " + e.path());
        }
        added.forEach((path, link) -> {
            if (!yielded.contains(path)) {
                assertTrue(EMPTY_DIRS.contains(link.cid().toString()),
                        c.name + ": Cairn reported " + path + " = " + link.cid()
                                + ", which the importer did not yield");
            }
        });
        if (c.rootType != null) {
            assertEquals(c.rootType, expected.entries().get(expected.entries().size() - 1).type(),
                    c.name + ": the reference importer's root type (is the fixture on the intended side of the "
                            + "threshold?)");
        }
        if (c.car != null) {
            assertSameBlocks(js, c.name, c.car, expected.root(), sink);
        }
    }

    /** The blocks Cairn put equal the blocks in the importer's CAR, as sets (the order may differ). */
    private static void assertSameBlocks(NodeInterop js, String name, Path car, String root, BlockRecorder sink) {
        CarListing listing = js.readCarWithJs(car);
        assertEquals(List.of(root), listing.roots(), name + ": CAR roots");
        Set<CarEntry> theirs = new HashSet<>(listing.blocks());
        assertEquals(listing.blocks().size(), theirs.size(), name + ": the importer's CAR repeats a block");
        Set<CarEntry> mine = sink.blocks();
        if (!theirs.equals(mine)) {
            Set<String> onlyTheirs = new TreeSet<>();
            Set<String> onlyMine = new TreeSet<>();
            theirs.stream().filter(b -> !mine.contains(b)).forEach(b -> onlyTheirs.add(b.toString()));
            mine.stream().filter(b -> !theirs.contains(b)).forEach(b -> onlyMine.add(b.toString()));
            fail(name + ": blocks differ; only in the importer's CAR: " + onlyTheirs + "; only in Cairn's: "
                    + onlyMine);
        }
    }

    // ---- inputs and options ------------------------------------------------------------------------------------

    /**
     * The tree the directory tests import: {@code a.txt}, {@code b/} (two files, one of several chunks, an empty
     * {@code d/} and a hidden file), an empty {@code e/}, hidden {@code .hidden} and {@code .hiddendir/}, files named
     * {@code U+FF5E} and {@code U+1F600}, a directory {@code U+FF5E dir} holding {@code U+1F600}, and a symlink.
     */
    private static Path nestedTree(Path tree) throws IOException {
        Files.createDirectories(tree.resolve("b").resolve("d"));
        Files.createDirectories(tree.resolve("e"));
        Files.createDirectories(tree.resolve(".hiddendir"));
        Files.createDirectories(tree.resolve("\uFF5Edir"));
        write(tree.resolve("a.txt"), "hello world\n");
        KuboTestData.writeFile(tree.resolve("b").resolve("c.txt"), 1000, "cairn-tree-c");
        KuboTestData.writeFile(tree.resolve("b").resolve("big.bin"), 600_000, "cairn-tree-big");
        write(tree.resolve("b").resolve(".hidden-in-b"), "h");
        write(tree.resolve(".hidden"), "secret");
        write(tree.resolve(".hiddendir").resolve("x"), "x");
        write(tree.resolve("\uFF5E"), "fullwidth tilde");
        write(tree.resolve("\uD83D\uDE00"), "grinning face");
        write(tree.resolve("\uFF5Edir").resolve("\uD83D\uDE00"), "nested");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("a.txt"));
        return tree;
    }

    private static void write(Path p, String content) throws IOException {
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static List<Integer> chunkSizes(String spec, Path input) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        try (Chunker chunker = ChunkerSpec.parse(spec).open(Files.newInputStream(input))) {
            for (byte[] chunk = chunker.nextChunk(); chunk != null; chunk = chunker.nextChunk()) {
                sizes.add(chunk.length);
            }
        }
        return sizes;
    }

    /** The importer's options for Kubo's trickle with {@code links} links per layer, plus {@code more}. */
    private static Map<String, Object> trickleOpts(int links, Object... more) {
        Map<String, Object> o = opts("layout", "trickle", "layerRepeat", 4,
                "maxChildrenPerNode", links, "leafType", "raw", "reduceSingleLeafToSelf", false);
        o.putAll(opts(more));
        return o;
    }

    private static Map<String, Object> opts(Object... keyValues) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put((String) keyValues[i], keyValues[i + 1]);
        }
        return o;
    }
}
