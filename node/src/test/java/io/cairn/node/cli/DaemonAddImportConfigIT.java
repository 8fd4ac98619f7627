package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.unixfs.UnixFsType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code add} through the daemon takes each setting the request leaves unset from the config's {@code Import.*}
 * keys, as the local path does ({@link AddImportConfigTest}) and Kubo's add does: the same CIDs as the flags that
 * mean the same thing on a repository with no config, and as the configured repository's own local path; a flag or
 * a profile still wins; a value set through the API applies to the next add; one the importer cannot honour is
 * refused by name.
 */
class DaemonAddImportConfigIT {
    @TempDir
    Path tmp;

    private Path file;

    private String add(Cairn cairn, String... flags) {
        List<String> args = new ArrayList<>(List.of("add", "-Q"));
        args.addAll(List.of(flags));
        args.add(file.toString());
        return cairn.ok(args.toArray(String[]::new)).strip();
    }

    @Test
    void addThroughTheDaemonUsesTheConfiguredImportDefaults() throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(9).nextBytes(data);
        file = Files.write(tmp.resolve("data.bin"), data);
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("a"), "a\n");

        Cairn plain = new Cairn(tmp.resolve("plain"));
        plain.run("init");
        Cairn configured = new Cairn(tmp.resolve("configured"));
        configured.run("init");
        configured.ok("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0");
        configured.ok("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0");
        configured.ok("config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]");
        configured.ok("config", "--json", "Import.CidVersion", "1");
        configured.ok("config", "--json", "Import.UnixFSRawLeaves", "false");
        configured.ok("config", "--json", "Import.UnixFSChunker", "\"size-65536\"");
        configured.ok("config", "--json", "Import.UnixFSDAGLayout", "\"trickle\"");
        configured.ok("config", "Import.UnixFSHAMTDirectorySizeThreshold", "1B");
        String localPath = add(configured, "-n");

        Cairn.Daemon started = configured.startDaemon();
        Process daemon = started.process();
        try {
            assertTrue(Files.exists(configured.repo().resolve("api")), started.lines().toString());
            String expected = add(plain, "-n", "--cid-version=1", "--raw-leaves=false", "--chunker=size-65536",
                    "--trickle");
            assertEquals(expected, localPath);
            assertEquals(expected, add(configured));
            assertEquals(add(plain, "-n", "--cid-version=1", "--raw-leaves=false", "--chunker=size-262144",
                    "--trickle"), add(configured, "--chunker=size-262144"));
            assertEquals(add(plain, "-n", "--profile=unixfs-v0-2015"), add(configured, "--profile=unixfs-v0-2015"));

            String sharded = configured.ok("add", "-Q", "-r", dir.toString()).strip();
            byte[] root = configured.run("block", "get", sharded).ok().stdout();
            assertEquals(UnixFsType.HAMT_SHARD, UnixFsNode.decode(new Block(Cid.parse(sharded), root)).type());

            configured.ok("config", "--json", "Import.CidVersion", "0");
            assertEquals(add(plain, "-n", "--cid-version=0", "--raw-leaves=false", "--chunker=size-65536",
                    "--trickle"), add(configured));
            configured.ok("config", "--json", "Import.UnixFSHAMTDirectoryMaxFanout", "128");
            configured.run("add", "-Q", file.toString()).fails("Import.UnixFSHAMTDirectoryMaxFanout = 128");

            daemon.toHandle().destroy();
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not stop on SIGTERM");
        } finally {
            daemon.destroyForcibly();
        }
    }
}
