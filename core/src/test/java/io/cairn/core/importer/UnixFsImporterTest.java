package io.cairn.core.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.core.block.BlockSink;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order and naming of {@link UnixFsImporter}'s "added" events, read from Kubo's {@code core/commands/add.go},
 * {@code core/coreunix/add.go} and go-ipfs-cmds {@code cli/parse.go}: Kubo's CLI sorts its path arguments by base
 * name, drops a repeated one and refuses two with the same base name; it adds each argument in a pass of its own,
 * so an argument's directories are reported before the next argument; and it lists sub-directories in the parent's
 * link order, which in a HAMT is trie order. The CIDs themselves are checked against Kubo and the JavaScript
 * importer in {@link KuboImportVectorsIT} and {@link ImporterInteropIT}.
 */
class UnixFsImporterTest {
    @TempDir
    Path tmp;

    private final List<String> events = new ArrayList<>();

    private UnixFsImporter importer(ImportOptions options) {
        return new UnixFsImporter(options, BlockSink.DISCARD, (path, link) -> events.add(path));
    }

    @Test
    void pathArgumentsAreSortedByTheirNamesUtf8Bytes() throws IOException {
        Path b = write(tmp.resolve("b.txt"), "b");
        Path a = write(tmp.resolve("a.txt"), "a");
        Path tilde = write(tmp.resolve("\uFF5E"), "tilde");
        Path emoji = write(tmp.resolve("\uD83D\uDE00"), "emoji");
        FileLink last = importer(ImportOptions.defaults()).addPaths(List.of(emoji, b, tilde, a));
        // U+FF5E is EF BD 9E in UTF-8 and U+1F600 is F0 9F 98 80, so U+FF5E comes first (not so in UTF-16).
        assertEquals(List.of("a.txt", "b.txt", "\uFF5E", "\uD83D\uDE00"), events);
        FileLink emojiAlone = new UnixFsImporter(ImportOptions.defaults(), BlockSink.DISCARD, (p, l) -> { })
                .addPaths(List.of(emoji));
        assertEquals(emojiAlone, last, "the result is the last path in that order");
    }

    /** Each argument is added in its own pass: its directories are reported before the next argument. */
    @Test
    void eachArgumentIsReportedCompletelyBeforeTheNext() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("d").resolve("s"));
        write(d.resolve("x"), "x");
        write(tmp.resolve("d").resolve("y"), "y");
        Path m = write(tmp.resolve("m"), "m");
        Path e = Files.createDirectories(tmp.resolve("e"));
        importer(ImportOptions.defaults()).addPaths(List.of(m, tmp.resolve("d"), e));
        assertEquals(List.of("d/s/x", "d/y", "d/s", "d", "e", "m"), events);
    }

    /** With {@code -w} every argument's files come first, then all directories, then the wrapper (""). */
    @Test
    void wrappingReportsTheDirectoriesAfterAllFilesAndTheWrapperLast() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("d"));
        write(d.resolve("x"), "x");
        Path m = write(tmp.resolve("m"), "m");
        Path c = Files.createDirectories(tmp.resolve("c"));
        importer(ImportOptions.builder().wrapWithDirectory(true).build()).addPaths(List.of(m, d, c));
        assertEquals(List.of("d/x", "m", "c", "d", ""), events);
    }

    @Test
    void aRepeatedPathIsAddedOnce() throws IOException {
        Path a = write(tmp.resolve("a.txt"), "a");
        importer(ImportOptions.defaults()).addPaths(List.of(a, tmp.resolve(".").resolve("a.txt"), a));
        assertEquals(List.of("a.txt"), events);
    }

    @Test
    void theSameNameUnderTwoDirectoriesIsRefusedAsKuboDoes() throws IOException {
        Path a = write(tmp.resolve("a.txt"), "a");
        Path other = write(Files.createDirectories(tmp.resolve("other")).resolve("a.txt"), "a");
        InvalidImportOptionsException e = assertThrows(InvalidImportOptionsException.class,
                () -> importer(ImportOptions.defaults()).addPaths(List.of(a, other)));
        assertEquals("file name a.txt repeated under different import directories: " + other.getParent() + " and "
                + a.getParent(), e.getMessage());
        assertEquals(List.of(), events, "nothing is added before the arguments are checked");
    }

    @Test
    void streamsAreNamedByTheirCid() throws IOException {
        FileLink wrapper = importer(ImportOptions.builder().wrapWithDirectory(true).build())
                .addStream(new java.io.ByteArrayInputStream("hello world\n".getBytes()));
        assertEquals(List.of("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", ""), events);
        assertNotEquals("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", wrapper.cid().toString());
    }

    /**
     * boxo's HAMT {@code ForEachLink} walks the trie bucket by bucket, depth first, and that is the order Kubo's
     * {@code outputDirs} reports a sharded directory's sub-directories in. The expected order is read back from the
     * blocks the importer built.
     */
    @Test
    void subDirectoriesOfAHamtAreReportedInTrieOrder() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String name = String.format("dir-%02d", i);
            names.add(name);
            write(Files.createDirectories(root.resolve(name)).resolve("f"), name);
        }
        Map<Cid, byte[]> blocks = new HashMap<>();
        List<String> dirEvents = new ArrayList<>();
        ImportOptions options = ImportOptions.builder().shardThreshold(100).build();
        FileLink top = new UnixFsImporter(options, b -> blocks.put(b.cid(), b.data()), (path, link) -> {
            if (!path.endsWith("/f")) {
                dirEvents.add(path);
            }
        }).addPaths(List.of(root));

        assertEquals(UnixFsType.HAMT_SHARD, UnixFsData.fromBytes(DagPb.decode(blocks.get(top.cid())).data()).type());
        List<String> trieOrder = new ArrayList<>();
        walkTrie(blocks, top.cid(), trieOrder);
        assertEquals(names.size(), trieOrder.size());
        assertNotEquals(names, trieOrder, "a fixture whose trie order is name order proves nothing");
        List<String> expected = new ArrayList<>();
        trieOrder.forEach(n -> expected.add("root/" + n));
        expected.add("root");
        assertEquals(expected, dirEvents);
    }

    /** Entry names in the order a walk of the HAMT meets them; a link named by its 2-hex-digit bucket alone is a
     * child shard. */
    private static void walkTrie(Map<Cid, byte[]> blocks, Cid shard, List<String> out) {
        PbNode node = DagPb.decode(blocks.get(shard));
        for (PbLink link : node.links()) {
            if (link.name().length() == 2) {
                walkTrie(blocks, link.hash(), out);
            } else {
                out.add(link.name().substring(2));
            }
        }
    }

    @Test
    void aProfileCidVersion0WithAnotherHashIsRefusedAsKubosConfigIs() {
        // Kubo: `ipfs config profile apply unixfs-v0-2015` sets Import.CidVersion = 0, which counts as set, so
        // `ipfs add --hash blake3` then fails with "CIDv0 only supports sha2-256" (UnixfsAddOptions).
        InvalidImportOptionsException e = assertThrows(InvalidImportOptionsException.class,
                () -> ImportOptions.builder().profile(ImportProfile.UNIXFS_V0_2015).hash(HashFunction.BLAKE3)
                        .build());
        assertEquals("CIDv0 only supports sha2-256", e.getMessage());
        assertEquals(1, ImportOptions.builder().profile(ImportProfile.UNIXFS_V1_2025).hash(HashFunction.BLAKE3)
                .build().cidVersion());
        assertEquals(1, ImportOptions.builder().hash(HashFunction.BLAKE3).build().cidVersion());
        assertEquals(true, ImportOptions.builder().hash(HashFunction.BLAKE3).build().rawLeaves());
    }

    private static Path write(Path p, String content) throws IOException {
        Files.writeString(p, content);
        return p;
    }
}
