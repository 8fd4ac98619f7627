package io.cairn.core.interop;

import io.cairn.core.interop.NodeInterop.CarEntry;
import io.cairn.core.interop.NodeInterop.CarListing;
import io.cairn.core.interop.NodeInterop.ImportResult;
import io.cairn.core.interop.NodeInterop.JsBlock;
import io.cairn.core.interop.NodeInterop.ScriptFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-test of the interop harness against values that are well known from Kubo and Helia, so a broken install or
 * a script that mistranslates options is caught here and not mistaken for a Cairn bug.
 */
class NodeInteropIT {
    private static final byte[] HELLO = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    /** `ipfs add` of "hello world\n" with Kubo's classic settings (CIDv0, UnixFS leaves). */
    private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    /** The same bytes as one raw block under CIDv1 (`ipfs add --cid-version 1`). */
    private static final String HELLO_RAW_V1 = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
    /** The empty UnixFS directory, as Kubo prints it under CIDv0 and CIDv1. */
    private static final String EMPTY_DIR_V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    private static final String EMPTY_DIR_V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    private NodeInterop js;

    @TempDir
    Path tmp;

    /** Per test rather than per class, so that where the harness is unavailable each test is reported skipped. */
    @BeforeEach
    void install() {
        js = NodeInterop.get();
    }

    private Path hello() throws Exception {
        Path file = tmp.resolve("hello.txt");
        Files.write(file, HELLO);
        return file;
    }

    @Test
    void runsANewEnoughNode() {
        String version = js.nodeVersion();
        int major = Integer.parseInt(version.substring(1, version.indexOf('.')));
        assertTrue(major >= NodeInterop.MIN_NODE_MAJOR, version);
    }

    /** ipfs-unixfs-importer 17 defaults to CIDv1 with raw leaves, so a one-chunk file is a bare raw block. */
    @Test
    void defaultOptionsGiveTheRawCidV1() throws Exception {
        ImportResult result = js.importWithJs(hello(), false, Map.of(), null);
        assertEquals(HELLO_RAW_V1, result.root());
        assertEquals(1, result.entries().size());
        assertEquals("hello.txt", result.entries().get(0).path());
        assertEquals(HELLO.length, result.entries().get(0).size());
        assertEquals("raw", result.entries().get(0).type());
    }

    @Test
    void cidVersion1WithRawLeavesGivesTheRawCidV1() throws Exception {
        ImportResult result = js.importWithJs(hello(), false, Map.of("cidVersion", 1, "rawLeaves", true), null);
        assertEquals(HELLO_RAW_V1, result.root());
    }

    @Test
    void cidVersion0WithoutRawLeavesGivesKubosClassicCid() throws Exception {
        ImportResult result = js.importWithJs(hello(), false, Map.of("cidVersion", 0, "rawLeaves", false), null);
        assertEquals(HELLO_V0, result.root());
        assertEquals("file", result.entries().get(0).type());
    }

    @Test
    void unixfsV0ProfileGivesKubosClassicCid() throws Exception {
        ImportResult result = js.importWithJs(hello(), false, Map.of("profile", "unixfs-v0-2015"), null);
        assertEquals(HELLO_V0, result.root());
    }

    @Test
    void importWritesACarThatCarReadLists() throws Exception {
        Path car = tmp.resolve("hello.car");
        ImportResult result = js.importWithJs(hello(), false, Map.of("cidVersion", 1, "rawLeaves", true), car);

        CarListing listing = js.readCarWithJs(car);
        assertEquals(1, listing.version());
        assertEquals(List.of(result.root()), listing.roots());
        assertEquals(List.of(new CarEntry(HELLO_RAW_V1, HELLO.length, sha256Hex(HELLO))), listing.blocks());
    }

    @Test
    void carWriteProducesTheSameCarAsTheImporter() throws Exception {
        Path fromImport = tmp.resolve("import.car");
        js.importWithJs(hello(), false, Map.of(), fromImport);
        Path written = tmp.resolve("written.car");

        js.writeCarWithJs(written, List.of(HELLO_RAW_V1), List.of(new JsBlock(HELLO_RAW_V1, HELLO)));

        assertArrayEquals(Files.readAllBytes(fromImport), Files.readAllBytes(written));
        assertEquals(js.readCarWithJs(fromImport), js.readCarWithJs(written));
    }

    @Test
    void emptyDirectoryGivesKubosEmptyDirectoryCids() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        assertEquals(EMPTY_DIR_V0, js.importWithJs(dir, false, Map.of("cidVersion", 0), null).root());
        assertEquals(EMPTY_DIR_V1, js.importWithJs(dir, false, Map.of(), null).root());
    }

    /**
     * Entries are named relative to the source's parent, so the source directory is the root; hidden files are left
     * out as `ipfs add -r` does.
     */
    @Test
    void directoryImportIsRootedAtTheDirectory() throws Exception {
        Files.createDirectories(tmp.resolve("d/sub/empty"));
        Files.write(tmp.resolve("d/hello.txt"), HELLO);
        Files.write(tmp.resolve("d/.hidden"), HELLO);
        Map<String, Object> v0 = Map.of("cidVersion", 0, "rawLeaves", false);

        ImportResult plain = js.importWithJs(tmp.resolve("d"), false, v0, null);
        assertEquals(HELLO_V0, plain.entry("d/hello.txt").cid());
        assertEquals("d", plain.entries().get(plain.entries().size() - 1).path());
        assertEquals(plain.entry("d").cid(), plain.root());
        assertTrue(plain.entries().stream().noneMatch(e -> e.path().contains(".hidden")), plain.toString());

        ImportResult wrapped = js.importWithJs(tmp.resolve("d"), true, v0, null);
        assertEquals(plain.entry("d").cid(), wrapped.entry("d").cid());
        assertEquals(wrapped.entry("").cid(), wrapped.root());
    }

    @Test
    void unknownOptionFailsWithTheScriptsError() throws Exception {
        Path file = hello();
        ScriptFailedException e = assertThrows(ScriptFailedException.class,
                () -> js.importWithJs(file, false, Map.of("chunkSzie", 1024), null));
        assertTrue(e.getMessage().contains("unknown importer option: chunkSzie"), e.getMessage());
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
