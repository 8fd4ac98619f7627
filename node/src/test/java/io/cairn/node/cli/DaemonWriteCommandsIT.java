package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.UnixFsNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that write to the repository work while a daemon holds it: {@code dag import}, {@code block rm} and
 * {@code pin update} go through its RPC API. The same sequence of commands runs on a twin repository without a
 * daemon (the local path), and every command's exit code, stdout and stderr must be the same on both.
 */
class DaemonWriteCommandsIT {
    @TempDir
    Path tmp;

    @Test
    void dagImportBlockRmAndPinUpdateGoThroughTheDaemonWithTheLocalOutput() throws Exception {
        Path v1 = tmp.resolve("v1.bin");
        Path v2 = tmp.resolve("v2.bin");
        byte[] data = new byte[300_000];
        new Random(3).nextBytes(data);
        Files.write(v1, data);
        data[1000] ^= 1;
        Files.write(v2, data);
        Path other = tmp.resolve("other.txt");
        Files.writeString(other, "a DAG that arrives as a CAR\n");

        // The CAR comes from a third repository, so both repositories import blocks they do not have.
        Cairn source = new Cairn(tmp.resolve("source"));
        source.run("init");
        String carRoot = source.ok("add", "-Q", "--cid-version=1", other.toString()).strip();
        Path car = tmp.resolve("other.car");
        Files.write(car, source.run("dag", "export", carRoot).ok().stdout());
        Path truncated = tmp.resolve("truncated.car");
        Files.write(truncated, Arrays.copyOf(bytes(car), bytes(car).length - 10));
        String cid1 = source.ok("add", "-Q", "-n", v1.toString()).strip();
        String cid2 = source.ok("add", "-Q", v2.toString()).strip();
        // A leaf of v2: kept by v2's recursive pin once the update moves it there.
        String leaf = UnixFsNode.decode(new Block(Cid.parse(cid2), source.run("block", "get", cid2).ok().stdout()))
                .pb().links().get(0).hash().toString();
        byte[] raw = "a raw block\n".getBytes(StandardCharsets.UTF_8);
        String rawCid = source.runWithStdin(raw, "block", "put").ok().out().strip();

        Cairn local = new Cairn(tmp.resolve("local"));
        Cairn served = new Cairn(tmp.resolve("served"));
        for (Cairn c : List.of(local, served)) {
            c.run("init");
            c.ok("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0");
            c.ok("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0");
            c.ok("config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]");
        }

        Cairn.Daemon started = served.startDaemon();
        Process daemon = started.process();
        try {
            assertTrue(Files.exists(served.repo().resolve("api")), started.lines().toString());
            List<Function<Cairn, Cairn.Run>> steps = new ArrayList<>();
            steps.add(c -> c.run("add", "-Q", v1.toString()));
            steps.add(c -> c.run("add", "-Q", "--pin=false", v2.toString()));
            steps.add(c -> c.run("pin", "update", cid1, cid2));
            steps.add(c -> c.run("pin", "ls", "--type=recursive"));
            steps.add(c -> c.run("pin", "update", cid1, cid2));
            steps.add(c -> c.runWithStdin(raw, "block", "put"));
            steps.add(c -> c.run("block", "rm", rawCid));
            steps.add(c -> c.run("block", "rm", rawCid));
            steps.add(c -> c.run("block", "rm", "-f", rawCid));
            steps.add(c -> c.run("block", "rm", "-q", cid2));
            steps.add(c -> c.run("dag", "import", car.toString()));
            steps.add(c -> c.run("dag", "import", "--stats", "--pin-roots=false", car.toString()));
            steps.add(c -> c.runWithStdin(bytes(car), "dag", "import", "--silent"));
            steps.add(c -> c.run("dag", "import", tmp.resolve("missing.car").toString()));
            steps.add(c -> c.run("dag", "import", truncated.toString()));
            steps.add(c -> c.runWithStdin(bytes(truncated), "dag", "import"));
            steps.add(c -> c.run("pin", "ls", "--type=recursive"));
            steps.add(c -> c.run("cat", carRoot));
            steps.add(c -> c.run("block", "rm", leaf));

            List<Cairn.Run> localRuns = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                Cairn.Run l = steps.get(i).apply(local);
                Cairn.Run s = steps.get(i).apply(served);
                localRuns.add(l);
                String step = "step " + i;
                assertEquals(l.code(), s.code(), step + " exit code; local stderr: " + l.err() + " daemon: " + s.err());
                assertEquals(l.out(), s.out(), step + " stdout");
                assertEquals(l.err(), s.err(), step + " stderr");
            }
            // The local path's output is what Kubo prints; spot-check it, so "the same" is not "the same and wrong".
            assertEquals("updated " + cid1 + " to " + cid2 + "\n", localRuns.get(2).out());
            assertEquals(cid2 + " recursive\n", localRuns.get(3).out());
            assertEquals(rawCid + "\n", localRuns.get(5).out());
            assertEquals("removed " + rawCid + "\n", localRuns.get(6).out());
            assertTrue(localRuns.get(7).err().contains("cannot remove " + rawCid + ": block not found locally"));
            assertEquals(1, localRuns.get(7).code());
            assertEquals(0, localRuns.get(8).code());
            assertTrue(localRuns.get(9).err().contains("cannot remove " + cid2 + ": pinned: recursive"),
                    localRuns.get(9).err());
            assertEquals("Pinned root\t" + carRoot + "\tsuccess\n", localRuns.get(10).out());
            assertTrue(localRuns.get(11).out().matches("Imported 1 blocks \\(\\d+ bytes\\)\n"),
                    localRuns.get(11).out());
            assertEquals("", localRuns.get(12).out());
            assertEquals(1, localRuns.get(13).code());
            assertTrue(localRuns.get(14).err().startsWith("Error: " + truncated + ": import failed"),
                    localRuns.get(14).err());
            assertTrue(localRuns.get(15).err().startsWith("Error: standard input: import failed"),
                    localRuns.get(15).err());
            assertEquals("a DAG that arrives as a CAR\n", localRuns.get(17).out());
            assertTrue(localRuns.get(18).err().contains("cannot remove " + leaf + ": pinned via " + cid2),
                    localRuns.get(18).err());

            daemon.toHandle().destroy();
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not stop on SIGTERM");
        } finally {
            daemon.destroyForcibly();
        }
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
