package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn repo stat/gc/verify} in Kubo's formats ({@code core/commands/repo.go}, kubo commit 867cdc5). */
class RepoStatGcVerifyTest {
    @TempDir
    Path tmp;

    @Test
    void statLayout() throws IOException {
        Path repo = tmp.resolve("repo");
        Cairn cairn = new Cairn(repo);
        cairn.run("repo", "stat");
        String empty = cairn.ok("repo", "stat");
        // Go's tabwriter (minwidth 0, padding 1): values start one space after the longest label.
        assertEquals("NumObjects: 0\n"
                + "RepoSize:   0\n"
                + "StorageMax: 10000000000\n"
                + "RepoPath:   " + repo.toAbsolutePath() + "\n"
                + "Version:    cairn-repo@1\n", empty);
        assertEquals("RepoSize:   0\nStorageMax: 10000000000\n", cairn.ok("repo", "stat", "--size-only"));
        assertEquals("RepoSize:   0 B\nStorageMax: 10 GB\n", cairn.ok("repo", "stat", "-s", "--human"));

        Path file = Files.writeString(tmp.resolve("hello"), "Hello Worlds!\n");
        cairn.ok("add", file.toString());
        Matcher m = Pattern.compile("NumObjects: 1\nRepoSize:   (\\d+)\n").matcher(cairn.ok("repo", "stat"));
        assertTrue(m.lookingAt());
        // "Hello Worlds!\n" in a dag-pb leaf: 14 bytes of data and 8 of framing.
        assertEquals("22", m.group(1));
        assertEquals("RepoSize:   22 B\nStorageMax: 10 GB\n", cairn.ok("repo", "stat", "-s", "-H"));
    }

    @Test
    void gcQuietAndSilent() throws IOException {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        Path a = Files.writeString(tmp.resolve("a"), "Hello Mars!\n");
        Path b = Files.writeString(tmp.resolve("b"), "Hello Venus!\n");
        String marsV0 = cairn.run("add", "-Q", "--pin=false", a.toString()).out().strip();
        cairn.run("add", "-Q", "--pin=false", b.toString());
        String raw = Cid.v1(Multicodec.RAW, Cid.parse(marsV0).multihash()).toString();
        List<String> quiet = cairn.run("repo", "gc", "-q").ok().lines();
        assertEquals(2, quiet.size());
        assertTrue(quiet.contains(raw), quiet.toString());
        cairn.ok("add", "--pin=false", a.toString());
        assertEquals("", cairn.ok("repo", "gc", "--silent"));
        assertEquals("", cairn.ok("repo", "gc"));
    }

    @Test
    void verifyNamesCorruptBlocks() throws Exception {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        Path a = Files.writeString(tmp.resolve("a"), "Hello Mars!\n");
        Path b = Files.writeString(tmp.resolve("b"), "Hello Venus!\n");
        String mars = cairn.run("add", "-Q", a.toString()).out().strip();
        cairn.ok("add", b.toString());
        assertEquals("verify complete, all blocks validated.\n", cairn.ok("repo", "verify"));

        RawStore.overwrite(cairn.repo(), Cid.parse(mars).multihash(), "Hello Pluto!\n".getBytes());
        Cairn.Run run = cairn.run("repo", "verify");
        String raw = Cid.v1(Multicodec.RAW, Cid.parse(mars).multihash()).toString();
        assertEquals("block " + raw + " was corrupt (block in storage has different hash than requested)\n",
                run.out());
        assertEquals("Error: verify complete, 1 blocks corrupt\n", run.err());
        assertEquals(1, run.code());
    }

    /** Past StorageMax * StorageGCWatermark, an add collects what nothing pins (docs/storage-design.md). */
    @Test
    void addCollectsPastTheWatermark() throws IOException {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("repo", "stat");
        cairn.ok("config", "Datastore.StorageMax", "4kB");
        byte[] data = new byte[5_000];
        new java.util.Random(5).nextBytes(data);
        Path unpinned = Files.write(tmp.resolve("unpinned"), data);
        cairn.ok("add", "--pin=false", unpinned.toString());
        assertTrue(cairn.ok("repo", "stat").startsWith("NumObjects: 0\n"));
        Path pinned = Files.write(tmp.resolve("pinned"), data);
        String cid = cairn.ok("add", "-Q", pinned.toString()).strip();
        assertTrue(cairn.ok("repo", "stat").startsWith("NumObjects: 1\n"));
        assertEquals(5_000, cairn.run("cat", cid).ok().stdout().length);
    }
}
