package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn add} takes each setting the command line leaves unset from the config's {@code Import.*} keys, as
 * Kubo's add does, and a flag (or {@code --profile}) still wins. Each config value is checked against the flag that
 * means the same thing (the flags' CIDs are proven against Kubo and ipfs-unixfs-importer elsewhere), in one
 * repository for the config and another with none set.
 */
class AddImportConfigTest {
    @TempDir
    Path tmp;

    private Path file;
    private Path dir;
    private Cairn configured;
    private Cairn plain;

    @BeforeEach
    void setUp() throws IOException {
        byte[] data = new byte[3_000_000];
        new Random(3).nextBytes(data);
        file = Files.write(tmp.resolve("data.bin"), data);
        dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("a"), "a\n");
        configured = new Cairn(tmp.resolve("configured"));
        configured.run("init");
        plain = new Cairn(tmp.resolve("plain"));
        plain.run("init");
    }

    private void config(String key, String json) {
        configured.ok("config", "--json", key, json);
    }

    private String add(Cairn cairn, String... flags) {
        List<String> args = new ArrayList<>(List.of("add", "-Q"));
        args.addAll(List.of(flags));
        args.add(file.toString());
        return cairn.ok(args.toArray(String[]::new)).trim();
    }

    @Test
    void cidVersionAndItsRawLeaves() {
        config("Import.CidVersion", "1");
        assertEquals(add(plain, "--cid-version=1"), add(configured));
        assertNotEquals(add(plain), add(configured));
        config("Import.UnixFSRawLeaves", "false");
        assertEquals(add(plain, "--cid-version=1", "--raw-leaves=false"), add(configured));
    }

    @Test
    void chunkerHashMaxLinksAndLayout() {
        config("Import.UnixFSChunker", "\"size-65536\"");
        assertEquals(add(plain, "--chunker=size-65536"), add(configured));
        config("Import.HashFunction", "\"sha2-512\"");
        assertEquals(add(plain, "--chunker=size-65536", "--hash=sha2-512"), add(configured));
        config("Import.UnixFSFileMaxLinks", "7");
        assertEquals(add(plain, "--chunker=size-65536", "--hash=sha2-512", "--max-file-links=7"), add(configured));
        config("Import.UnixFSDAGLayout", "\"trickle\"");
        assertEquals(add(plain, "--chunker=size-65536", "--hash=sha2-512", "--max-file-links=7", "--trickle"),
                add(configured));
    }

    @Test
    void flagsAndProfilesWinOverTheConfig() {
        config("Import.CidVersion", "1");
        config("Import.UnixFSChunker", "\"size-65536\"");
        assertEquals(add(plain, "--chunker=size-65536"), add(configured, "--cid-version=0"));
        assertEquals(add(plain, "--cid-version=1"), add(configured, "--chunker=size-262144"));
        assertEquals(add(plain, "--profile=unixfs-v0-2015"), add(configured, "--profile=unixfs-v0-2015"));
        assertEquals(add(plain), add(configured, "--profile=unixfs-v0-2015"));
    }

    @Test
    void onlyHashUsesAnExistingRepositorysConfigAndCreatesNone() {
        config("Import.CidVersion", "1");
        assertEquals(add(plain, "--cid-version=1"), add(configured, "-n"));
        Cairn none = new Cairn(tmp.resolve("none"));
        assertEquals(add(plain), add(none, "-n"));
        assertEquals(false, Files.exists(tmp.resolve("none")));
    }

    @Test
    void theDirectoryShardThresholdComesFromTheConfig() {
        configured.ok("config", "Import.UnixFSHAMTDirectorySizeThreshold", "1B");
        String sharded = configured.ok("add", "-Q", "-r", dir.toString()).trim();
        Cairn v = new Cairn(tmp.resolve("flagless"));
        v.run("init");
        assertNotEquals(v.ok("add", "-Q", "-r", dir.toString()).trim(), sharded);
        byte[] root = configured.run("block", "get", sharded).ok().stdout();
        assertEquals(UnixFsType.HAMT_SHARD, UnixFsNode.decode(new Block(Cid.parse(sharded), root)).type());
        assertEquals("a", configured.ok("ls", "--size=false", sharded).trim().replaceAll(".* ", ""));
    }

    @Test
    void settingsTheImporterCannotHonourAreRefusedByName() {
        config("Import.UnixFSHAMTDirectoryMaxFanout", "128");
        configured.run("add", "-Q", file.toString()).fails("Import.UnixFSHAMTDirectoryMaxFanout = 128");
        config("Import.UnixFSHAMTDirectoryMaxFanout", "256");
        assertEquals(add(plain), add(configured));
        config("Import.UnixFSChunker", "\"size-0\"");
        configured.run("add", "-Q", file.toString()).fails("config Import");
    }
}
