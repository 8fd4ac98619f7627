package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.rocks.RocksStore;
import io.cairn.storage.rocks.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that only read open the repository without its lock and the database read-only, so they work while
 * another process (a daemon) holds the repository for writing; the commands that write still refuse with the
 * "in use" message. The writer here is either this JVM (the repository and store opened for writing, as a daemon
 * would) or a real second process.
 */
class ReadOnlyCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void readingCommandsWorkWhileThisJvmHoldsTheRepositoryForWriting() throws Exception {
        Path repo = tmp.resolve("repo");
        Cairn cairn = new Cairn(repo);
        cairn.run("init");
        byte[] content = new byte[700_000];
        new Random(7).nextBytes(content);
        Path file = Files.write(tmp.resolve("file.bin"), content);
        Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(tmp.resolve("dir/a.txt"), "a\n");
        String cid = cairn.ok("add", "-Q", file.toString()).trim();
        String dir = cairn.ok("add", "-Q", "-r", tmp.resolve("dir").toString()).trim();

        byte[] loose = "written by the daemon, not flushed".getBytes(StandardCharsets.US_ASCII);
        Cid looseCid = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, loose);
        try (Repo writing = Repo.open(repo);
                RocksStore store = RocksStore.open(writing.blocksPath(), StoreOptions.defaults())) {
            store.blocks().put(new Block(looseCid, loose));

            assertArrayEquals(content, cairn.run("cat", cid).ok().stdout());
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 1000, 1100),
                    cairn.run("cat", "-o", "1000", "-l", "100", cid).ok().stdout());
            assertArrayEquals(loose, cairn.run("block", "get", looseCid.toString()).ok().stdout());
            assertTrue(cairn.ok("block", "stat", looseCid.toString()).contains("Size: " + loose.length));
            assertTrue(cairn.ok("ls", dir).contains("a.txt"));
            assertTrue(cairn.ok("pin", "ls", "--type=recursive").contains(cid + " recursive"));
            cairn.run("pin", "verify").ok();
            assertTrue(cairn.ok("repo", "stat").contains("NumObjects:"));
            cairn.ok("repo", "verify");
            assertTrue(cairn.run("dag", "export", cid).ok().stdout().length > content.length);
            Path out = tmp.resolve("got");
            cairn.ok("get", cid, "-o", out.toString());
            assertArrayEquals(content, Files.readAllBytes(out));

            cairn.run("add", "-Q", file.toString()).fails("in use by this process");
            cairn.run("repo", "gc").fails("in use by this process");
        }
    }

    /** The real case: another process holds the repository (and the database open for writing); cat still works. */
    @Test
    void catWorksInASecondProcessWhileTheFirstHoldsTheRepository() throws Exception {
        Path repo = tmp.resolve("repo");
        Cairn cairn = new Cairn(repo);
        cairn.run("init");
        byte[] content = new byte[600_000];
        new Random(8).nextBytes(content);
        String cid = cairn.ok("add", "-Q", Files.write(tmp.resolve("f"), content).toString()).trim();
        try (Repo writing = Repo.open(repo);
                RocksStore store = RocksStore.open(writing.blocksPath(), StoreOptions.defaults())) {
            Path out = tmp.resolve("cat.out");
            Path err = tmp.resolve("cat.err");
            assertEquals(0, child(repo, out, err, "cat", cid), Files.readString(err));
            assertArrayEquals(content, Files.readAllBytes(out));
            assertEquals(1, child(repo, out, err, "pin", "add", cid));
            assertTrue(Files.readString(err).contains("in use by another process (pid " + ProcessHandle.current().pid()
                    + ")"), Files.readString(err));
        }
    }

    private int child(Path repo, Path out, Path err, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("child-tmp")),
                "-cp", System.getProperty("java.class.path"), CairnMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put(Repo.PATH_ENV, repo.toString());
        Process p = builder.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cairn " + String.join(" ", args) + " hung");
        }
        return p.exitValue();
    }
}
