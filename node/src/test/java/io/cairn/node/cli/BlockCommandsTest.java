package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn block put/get/stat/rm} against Kubo's own expectations, {@code test/sharness/t0050-block.sh} at kubo
 * commit 867cdc5 (CIDs, output lines, error lines and exit codes), and t0800-blake3.sh for blake3.
 */
class BlockCommandsTest {
    /** "Hello Mars!\n" and "Hello Venus!\n" put as raw blocks, and the CIDv0 form of the first's multihash. */
    private static final String HASH = "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4";
    private static final String HASHB = "bafkreihfsphazrk2ilejpekyltjeh5k4yvwgjuwg26ueafohqioeo3sdca";
    private static final String HASHV0 = "QmRKqGMAM6EZngbpjSqrvYzq5Qd8b1bSWymjSUY9zQSNDk";
    private static final String RANDOM = "QmRV5iNhGoxBaAcbucMAW9WtVHbeehXhAdr5CZQDhL55Xk";

    @TempDir
    Path tmp;

    private Cairn cairn;

    @BeforeEach
    void repo() {
        cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("repo", "stat");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetStat() throws IOException {
        assertEquals(HASH + "\n", cairn.runWithStdin(utf8("Hello Mars!\n"), "block", "put").ok().out());
        Path a = Files.writeString(tmp.resolve("a"), "Hello Mars!\n");
        Path b = Files.writeString(tmp.resolve("b"), "Hello Venus!\n");
        assertEquals(HASH + "\n" + HASHB + "\n", cairn.ok("block", "put", a.toString(), b.toString()));

        assertEquals("Hello Mars!\n", cairn.ok("block", "get", HASH));
        assertEquals("Key: " + HASH + "\nSize: 12\n", cairn.ok("block", "stat", HASH));
        // Blocks are stored by multihash: the CIDv0 of the same multihash reads the same bytes.
        assertEquals("Hello Mars!\n", cairn.ok("block", "get", HASHV0));
        assertEquals("Key: " + HASHV0 + "\nSize: 12\n", cairn.ok("block", "stat", HASHV0));

        // t0800-blake3.sh: "foo\n" as a blake3 raw leaf.
        assertEquals("bafkr4icj3sdq34o6p7lapfgoxtset5om3lsxll72uz5cjnrkzmb6aoo3si\n",
                cairn.runWithStdin(utf8("foo\n"), "block", "put", "--mhtype", "blake3").ok().out());

        // Binary bytes come back unchanged.
        byte[] binary = new byte[70_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7 + i / 256);
        }
        String cid = cairn.runWithStdin(binary, "block", "put").ok().out().strip();
        assertArrayEquals(binary, cairn.run("block", "get", cid).ok().stdout());
    }

    @Test
    void putWithCodecNamesTheSameBytesDifferently() throws IOException {
        Path pb = Files.write(tmp.resolve("testPut.pb"), utf8("\n\u001btest json for sharness test"));
        String cid = cairn.ok("block", "put", "--cid-codec=dag-pb", pb.toString()).strip();
        Cid parsed = Cid.parse(cid);
        assertEquals(1, parsed.version());
        assertEquals(0x70, parsed.codec());
        assertArrayEquals(Files.readAllBytes(pb), cairn.run("block", "get", cid).ok().stdout());
        cairn.run("block", "put", "--cid-codec=nonsense", pb.toString()).fails("unknown multicodec");
        cairn.run("block", "put", "--mhtype=md5", pb.toString()).fails("unrecognized multihash function: md5");
    }

    @Test
    void sizeLimit() throws IOException {
        Path big = Files.write(tmp.resolve("over-2MiB-file"), new byte[2_097_153]);
        cairn.run("block", "put", big.toString()).fails("produced block is over 2MiB");
        String cid = cairn.ok("block", "put", big.toString(), "--allow-big-block=true").strip();
        assertEquals("Key: " + cid + "\nSize: 2097153\n", cairn.ok("block", "stat", cid));
    }

    @Test
    void rm() {
        cairn.runWithStdin(utf8("Hello Mars!\n"), "block", "put").ok();
        assertEquals("removed " + HASH + "\n", cairn.ok("block", "rm", HASH));
        cairn.run("block", "get", HASH).fails("block not found locally: " + HASH);
        cairn.run("block", "stat", HASH).fails("block not found locally: " + HASH);

        // t0050 "multi-block 'ipfs block rm <invalid> <valid> <invalid>'": the same lines, in order.
        cairn.runWithStdin(utf8("Hello Venus!\n"), "block", "put").ok();
        Cairn.Run mixed = cairn.run("block", "rm", RANDOM, HASHB, RANDOM);
        assertEquals(1, mixed.code());
        assertEquals("removed " + HASHB + "\n", mixed.out());
        assertEquals("cannot remove " + RANDOM + ": block not found locally: " + RANDOM + "\n"
                + "cannot remove " + RANDOM + ": block not found locally: " + RANDOM + "\n"
                + "Error: some blocks not removed\n", mixed.err());

        cairn.runWithStdin(utf8("Hello Mars!\n"), "block", "put").ok();
        assertEquals("", cairn.ok("block", "rm", "-f", "-q", RANDOM, HASH));
        cairn.run("block", "rm", "not-a-cid").fails("invalid");
    }

    /** t0050 "can't remove pinned block" and "can't remove indirectly pinned block". */
    @Test
    void rmRefusesPinnedBlocks() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("adir"));
        Files.writeString(dir.resolve("file1"), "file1\n");
        Files.writeString(dir.resolve("file2"), "file2\n");
        List<String> added = cairn.run("add", "-r", "-q", dir.toString()).ok().lines();
        String file1 = added.get(0);
        String dirHash = added.get(2);

        Cairn.Run pinned = cairn.run("block", "rm", dirHash);
        assertEquals("cannot remove " + dirHash + ": pinned: recursive\nError: some blocks not removed\n",
                pinned.err());
        Cairn.Run indirect = cairn.run("block", "rm", file1);
        assertEquals("cannot remove " + file1 + ": pinned via " + dirHash + "\nError: some blocks not removed\n",
                indirect.err());
        // The same multihash under its other CID version is refused too.
        String v1 = Cid.parse(dirHash).toV1().toString();
        cairn.run("block", "rm", v1).fails("some blocks not removed");

        cairn.ok("pin", "add", "-r=false", "--name", "direct one", file1);
        cairn.ok("pin", "rm", dirHash);
        Cairn.Run direct = cairn.run("block", "rm", file1);
        assertEquals("cannot remove " + file1 + ": pinned: direct\nError: some blocks not removed\n", direct.err());
        assertEquals("removed " + dirHash + "\n", cairn.ok("block", "rm", dirHash));
        assertEquals("file1\n", cairn.ok("cat", file1));
    }

    @Test
    void putPins() {
        String cid = cairn.runWithStdin(utf8("Hello Mars!\n"), "block", "put", "--pin").ok().out().strip();
        assertEquals(HASH, cid);
        assertEquals(HASH + " recursive\n", cairn.ok("pin", "ls"));
        assertEquals("", cairn.ok("repo", "gc"));
    }
}
