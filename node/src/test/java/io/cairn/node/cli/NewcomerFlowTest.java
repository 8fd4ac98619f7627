package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.storage.repo.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first session of someone new to Cairn, command by command through {@link CairnMain}: a repository appears on
 * first use, a file goes in and comes back byte for byte, is listed, pinned, unpinned and collected, after which
 * reading it fails as it should; a directory tree goes in with {@code add -r} and comes back out with {@code get}.
 */
class NewcomerFlowTest {
    @TempDir
    Path tmp;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void addCatListPinUnpinCollect() throws IOException {
        Path repo = tmp.resolve("repo");
        Cairn cairn = new Cairn(repo);
        byte[] data = random(700_000, 1);   // three 256 KiB chunks
        Path file = tmp.resolve("hello.bin");
        Files.write(file, data);

        // The first command creates the repository and says so on stderr, once.
        Cairn.Run add = cairn.run("add", file.toString());
        assertEquals(0, add.code(), add.err());
        assertTrue(add.err().matches("initialized a new repository at " + Pattern.quote(repo.toAbsolutePath()
                .toString()) + " \\(peer identity 12D3KooW\\w+\\)\n"), add.err());
        assertTrue(Repo.isInitialized(repo));
        String root = cairn.ok("add", "-n", "-Q", file.toString()).strip();
        assertEquals("added " + root + " hello.bin\n", add.out());

        assertArrayEquals(data, cairn.run("cat", root).ok().stdout());
        assertArrayEquals(Arrays.copyOfRange(data, 300_000, 300_100),
                cairn.run("cat", "--offset", "300000", "--length", "100", root).ok().stdout());
        assertArrayEquals(Arrays.copyOfRange(data, 699_990, 700_000),
                cairn.run("cat", "-o", "699990", "/ipfs/" + root).ok().stdout());

        // A file's root lists its chunks, unnamed; every block of the file is pinned, the root recursively.
        List<String> chunks = cairn.run("ls", root).ok().lines().stream().map(l -> l.split(" ")[0]).toList();
        assertEquals(3, chunks.size());
        assertEquals(root + " recursive\n", cairn.ok("pin", "ls", "--type=recursive"));
        // Kubo's default type is "all": the recursive pin, then every block under it as indirect.
        List<String> all = cairn.run("pin", "ls").ok().lines();
        assertEquals(root + " recursive", all.get(0));
        assertEquals(chunks.stream().map(c -> c + " indirect").collect(Collectors.toSet()),
                Set.copyOf(all.subList(1, all.size())));
        assertEquals(new HashSet<>(chunks),
                Set.copyOf(cairn.run("pin", "ls", "-q", "--type", "indirect").ok().lines()));
        assertEquals(chunks.get(1) + " indirect through " + root + "\n", cairn.ok("pin", "ls", chunks.get(1)));

        // Garbage collection keeps pinned blocks.
        assertEquals("", cairn.ok("repo", "gc"));
        assertArrayEquals(data, cairn.run("cat", root).ok().stdout());

        assertEquals("unpinned " + root + "\n", cairn.ok("pin", "rm", root));
        assertEquals("", cairn.ok("pin", "ls"));
        // Kubo names collected blocks by the raw CIDv1 of their multihash.
        Set<String> expected = Stream.concat(Stream.of(root), chunks.stream())
                .map(c -> Cid.v1(Multicodec.RAW, Cid.parse(c).multihash()).toString())
                .collect(Collectors.toSet());
        List<String> removed = cairn.run("repo", "gc").ok().lines();
        assertEquals(expected, removed.stream().map(l -> {
            assertTrue(l.startsWith("removed "), l);
            return l.substring("removed ".length());
        }).collect(Collectors.toSet()));
        assertEquals(expected.size(), removed.size());

        cairn.run("cat", root).fails("block not found locally: " + root);
        assertEquals("", cairn.ok("repo", "gc"));
        cairn.run("pin", "add", root).fails("block not found locally: " + root);
    }

    @Test
    void addWithoutPinLeavesBlocksToGc() throws IOException {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        Path file = tmp.resolve("a.txt");
        Files.writeString(file, "Hello Worlds!\n");
        cairn.run("add", "--pin=false", "-q", file.toString());
        // t0040: "Hello Worlds!\n" is QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH.
        String cid = "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH";
        assertEquals("Hello Worlds!\n", cairn.ok("cat", cid));
        assertEquals("", cairn.ok("pin", "ls"));
        assertEquals("removed " + Cid.v1(Multicodec.RAW, Cid.parse(cid).multihash()) + "\n",
                cairn.ok("repo", "gc"));
        cairn.run("cat", cid).fails("block not found locally: " + cid);

        cairn.run("add", "--pin=false", "--pin-name=x", file.toString()).fails("pin-name option requires pin");
        assertEquals("added " + cid + " a.txt\n", cairn.ok("add", "--pin-name", "greeting", file.toString()));
        assertEquals(cid + " recursive greeting\n", cairn.ok("pin", "ls", "--names"));
    }

    /** Each argument is pinned on its own, as Kubo pins them; with -w only the wrapper is. */
    @Test
    void eachArgumentOrTheWrapperIsPinned() throws IOException {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        Path a = tmp.resolve("a.txt");
        Path b = tmp.resolve("b.txt");
        Files.writeString(a, "Hello Mars!\n");
        Files.writeString(b, "Hello Venus!\n");
        cairn.run("add", a.toString(), b.toString());
        Set<String> pins = Set.copyOf(cairn.run("pin", "ls", "-q").ok().lines());
        // t0040's planets: mars.txt and venus.txt.
        assertEquals(Set.of("QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN",
                "QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4"), pins);

        Cairn other = new Cairn(tmp.resolve("repo2"));
        List<String> lines = other.run("add", "-w", "-q", a.toString(), b.toString()).lines();
        assertEquals(lines.get(2) + " recursive\n", other.ok("pin", "ls", "--type=recursive"));
    }

    @Test
    void stdinAndQuieterStoreToo() {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        // t0040: "Hello Jupiter!\n" from stdin.
        Cairn.Run run = cairn.runWithStdin("Hello Jupiter!\n".getBytes(), "add", "-Q");
        assertEquals("QmUnvPcBctVTAcJpigv6KMqDvmDewksPWrNVoy1E1WP5fh\n", run.out());
        assertEquals("Hello Jupiter!\n", cairn.ok("cat", "QmUnvPcBctVTAcJpigv6KMqDvmDewksPWrNVoy1E1WP5fh"));
    }

    @Test
    void addDirectoryAndGetItBackIdentical() throws IOException {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        Path docs = tmp.resolve("docs");
        Files.createDirectories(docs.resolve("sub/empty"));
        Files.writeString(docs.resolve("a.txt"), "hello world\n");
        Files.writeString(docs.resolve(".hidden"), "secret");
        Files.writeString(docs.resolve("\uFF5E tilde"), "fullwidth");
        Files.write(docs.resolve("sub/b.bin"), random(600_000, 2));
        Files.write(docs.resolve("sub/empty.bin"), new byte[0]);
        Files.createSymbolicLink(docs.resolve("link"), Path.of("sub/b.bin"));
        Files.createSymbolicLink(docs.resolve("dangling"), Path.of("../nowhere"));

        List<String> added = cairn.run("add", "-r", "-H", docs.toString()).lines();
        String root = added.get(added.size() - 1).split(" ")[1];
        Path out = tmp.resolve("out");
        assertEquals("Saving file(s) to " + out + "\n", cairn.ok("get", root, "-o", out.toString()));
        assertEquals(tree(docs), tree(out));

        // A file inside it, to a new path and into an existing directory (under its own name).
        Path single = tmp.resolve("single.bin");
        cairn.ok("get", root + "/sub/b.bin", "--output", single.toString());
        assertArrayEquals(Files.readAllBytes(docs.resolve("sub/b.bin")), Files.readAllBytes(single));
        Path into = Files.createDirectories(tmp.resolve("into"));
        cairn.ok("get", "/ipfs/" + root + "/a.txt", "-o", into.toString());
        assertEquals("hello world\n", Files.readString(into.resolve("a.txt")));

        // Getting again over the same output replaces files and merges directories.
        Files.writeString(out.resolve("a.txt"), "changed");
        Files.writeString(out.resolve("extra"), "kept");
        cairn.ok("get", root, "-o", out.toString());
        assertEquals("hello world\n", Files.readString(out.resolve("a.txt")));
        assertEquals("kept", Files.readString(out.resolve("extra")));

        cairn.run("get", root + "/nope", "-o", tmp.resolve("x").toString()).fails("no link named \"nope\"");
        cairn.run("cat", root).fails("this dag node is a directory");
    }

    /** Relative path to a description of what is there: file contents, link targets, "dir". */
    private static Map<String, String> tree(Path top) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = top.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, "dir");
                } else {
                    out.put(rel, Arrays.toString(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(p))));
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    @Test
    void aSecondProcessHoldingTheLockIsAClearError() throws IOException {
        Path repo = tmp.resolve("repo");
        Cairn cairn = new Cairn(repo);
        cairn.run("repo", "stat");
        try (Repo held = Repo.open(repo)) {
            cairn.run("repo", "gc").fails("is in use");
            // Reading needs no lock (ReadOnlyCommandsTest).
            cairn.ok("pin", "ls");
            cairn.run("add", "-n", "-Q", held.configPath().toString()).ok();
        }
        cairn.ok("pin", "ls");
    }

    @Test
    void malformedInputIsOneLineExitOne() {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("cat", "notacid").fails("invalid path \"notacid\"");
        cairn.run("cat", "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQ").fails("invalid");
        cairn.run("cat", "--offset=-1", "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH")
                .fails("cannot specify negative offset");
        cairn.run("ls", "bafy").fails("invalid path");
        cairn.run("pin", "add", "zzz").fails("invalid path");
        cairn.run("get", "/ipns/example.com").fails("IPNS");
        cairn.run("cat", "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH")
                .fails("block not found locally: QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH");
        cairn.run("pin", "ls", "--type=bogus").fails("invalid type 'bogus'");
    }
}
