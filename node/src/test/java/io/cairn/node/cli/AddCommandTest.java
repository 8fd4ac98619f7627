package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.chunker.Chunker;
import io.cairn.core.chunker.ChunkerSpec;
import io.cairn.core.interop.NodeInterop;
import io.cairn.core.interop.NodeInterop.ImportResult;
import io.cairn.core.interop.NodeInterop.ImportedEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code cairn add -n} through {@link CairnMain#run}, as a user runs it: the exact lines Kubo prints and its exit
 * codes. Expected CIDs come from Kubo's own tests (kubo commit 867cdc5: {@code test/sharness/t0040-add-and-cat.sh},
 * {@code test/cli/add_test.go}, {@code test/sharness/t0800-blake3.sh}) or, for flag combinations Kubo pins no
 * value for, from ipfs-unixfs-importer through core's JavaScript harness (those tests are skipped without npm).
 *
 * <p>Kubo's output rules, from {@code core/commands/add.go} and {@code core/coreunix/add.go}: one
 * {@code added <cid> <name>} line per file as it is added, then the directories children-first, then (with
 * {@code -w}) the wrapper under the empty name, so its line ends in a space; a stream from stdin is named by its CID;
 * {@code -q} prints the CIDs alone and {@code -Q} only the last. Errors: exit 1, one line on stderr.
 */
class AddCommandTest {
    private static final String HELLO_WORLDS = "Hello Worlds!\n";
    private static final String HELLO_WORLDS_CID = "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH";
    private static final String EMPTY_FILE = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";
    private static final String EMPTY_DIR = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    private static final String EMPTY_DIR_V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    private static Run cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run cairnWithStdin(byte[] stdin, String... args) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin));
        try {
            return cairn(args);
        } finally {
            System.setIn(before);
        }
    }

    private static void assertOk(Run run, String expectedOut) {
        assertEquals("", run.err(), "stderr");
        assertEquals(0, run.code(), "exit code");
        assertEquals(expectedOut, run.out());
    }

    /** Exit 1, nothing on stdout, one "Error: ..." line on stderr holding {@code fragment}, no stack trace. */
    private static void assertUserError(Run run, String fragment) {
        assertEquals(1, run.code(), "exit code; stderr: " + run.err());
        assertEquals("", run.out(), "stdout");
        assertTrue(run.err().startsWith("Error: "), run.err());
        assertTrue(run.err().endsWith("\n") && run.err().indexOf('\n') == run.err().length() - 1,
                "one line: " + run.err());
        assertTrue(run.err().contains(fragment), run.err());
        assertFalse(run.err().contains("\tat "), "stack trace: " + run.err());
    }

    private Path file(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    // ---- Kubo's pinned values ----------------------------------------------------------------------------------

    static Stream<Arguments> helloWorldsFlags() {
        // t0040: `ipfs add`, `-t`, and every chunker on "Hello Worlds!\n".
        return Stream.of(
                Arguments.of(List.of(), HELLO_WORLDS_CID),
                Arguments.of(List.of("-t"), "QmUkUQgxXeggyaD5Ckv8ZqfW8wHBX6cYyeiyqvVZYzq5Bi"),
                Arguments.of(List.of("--trickle"), "QmUkUQgxXeggyaD5Ckv8ZqfW8wHBX6cYyeiyqvVZYzq5Bi"),
                Arguments.of(List.of("--chunker", "rabin"), HELLO_WORLDS_CID),
                Arguments.of(List.of("--chunker=size-64"), HELLO_WORLDS_CID),
                Arguments.of(List.of("--chunker", "rabin-36-512-1024"), HELLO_WORLDS_CID),
                Arguments.of(List.of("--chunker", "buzhash"), HELLO_WORLDS_CID),
                Arguments.of(List.of("-s", "size-262144"), HELLO_WORLDS_CID),
                Arguments.of(List.of("--profile", "unixfs-v0-2015"), HELLO_WORLDS_CID));
    }

    @ParameterizedTest(name = "add -n {0}")
    @MethodSource("helloWorldsFlags")
    void addsAFileAsKuboPrintsIt(List<String> flags, String cid) throws IOException {
        Path hello = file("mountdir/hello.txt", HELLO_WORLDS);
        List<String> args = new ArrayList<>(List.of("add", "-n"));
        args.addAll(flags);
        args.add(hello.toString());
        assertOk(cairn(args.toArray(String[]::new)), "added " + cid + " hello.txt\n");
    }

    @Test
    void quietAndQuieterPrintOnlyCids() throws IOException {
        // t0040 "ipfs add -q": "Hello Venus!\n".
        Path venus = file("venus.txt", "Hello Venus!\n");
        assertOk(cairn("add", "-n", "-q", venus.toString()), "QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4\n");
        assertOk(cairn("add", "-n", "--quiet", venus.toString()), "QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4\n");
        assertOk(cairn("add", "-n", "-Q", venus.toString()), "QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4\n");
    }

    /** t0040 {@code add_directory}: "planets" under four settings, with {@code -r} and {@code -r -Q}. */
    static Stream<Arguments> planets() {
        return Stream.of(
                Arguments.of(List.of(), "QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY",
                        "QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN",
                        "QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4"),
                Arguments.of(List.of("--raw-leaves"), "QmfWfQfKCY5Ukv9peBbxM5vqWM9BzmqUSXvdCgjT2wsiBT",
                        "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4",
                        "bafkreihfsphazrk2ilejpekyltjeh5k4yvwgjuwg26ueafohqioeo3sdca"),
                Arguments.of(List.of("--cid-version=1"), "bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi",
                        "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4",
                        "bafkreihfsphazrk2ilejpekyltjeh5k4yvwgjuwg26ueafohqioeo3sdca"),
                Arguments.of(List.of("--cid-version=1", "--raw-leaves=false"),
                        "bafybeif5tuep5ap2d7zyhbktucey75aoacxufgt6i3v4gebmixyipnyp7y",
                        "bafybeiawta2ntdmsy24aro35w3homzl4ak7svr3si7l7gesvq4erglyye4",
                        "bafybeicvkvhs2fr75ynebtdjqpgm4g2fc63abqbmysupwpmcjl4gx7mzrm"));
    }

    @ParameterizedTest(name = "add -n -r {0} planets")
    @MethodSource("planets")
    void addsADirectoryRecursively(List<String> flags, String planets, String mars, String venus)
            throws IOException {
        file("mountdir/planets/mars.txt", "Hello Mars!\n");
        file("mountdir/planets/venus.txt", "Hello Venus!\n");
        String dir = tmp.resolve("mountdir/planets").toString();
        List<String> args = new ArrayList<>(List.of("add", "-n", "-r"));
        args.addAll(flags);
        args.add(dir);
        assertOk(cairn(args.toArray(String[]::new)), "added " + mars + " planets/mars.txt\n"
                + "added " + venus + " planets/venus.txt\n"
                + "added " + planets + " planets\n");
        args.add(1, "-Q");
        assertOk(cairn(args.toArray(String[]::new)), planets + "\n");
    }

    /** t0040 {@code ipfs add -rn moons}: the files as they are added, then the directories, children first. */
    @Test
    void reportsFilesThenDirectoriesChildrenFirst() throws IOException {
        file("mountdir/moons/jupiter/europa.txt", "Hello Europa!\n");
        file("mountdir/moons/saturn/titan.txt", "Hello Titan!\n");
        file("mountdir/moons/mercury.txt", "hey you are no moon!\n");
        assertOk(cairn("add", "-rn", tmp.resolve("mountdir/moons").toString()), """
                added Qmbjg7zWdqdMaK2BucPncJQDxiALExph5k3NkQv5RHpccu moons/jupiter/europa.txt
                added QmRsTB5CpEUvDUpDgHCzb3VftZ139zrk9zs5ZcgYh9TMPJ moons/mercury.txt
                added QmZzppb9WHn552rmRqpPfgU5FEiHH6gDwi3MrB9cTdPwdb moons/saturn/titan.txt
                added QmS5mZddhFPLWFX3w6FzAy9QxyYkaxvUpsWCtZ3r7jub9J moons/jupiter
                added QmaMagZT4rTE7Nonw8KGSK4oe1bh533yhZrCo1HihSG8FK moons/saturn
                added QmbGoaQZm8kjYfCiN1aBsgwhqfUBGDYTrDb91Mz7Dvq81B moons
                """);
    }

    /** t0040: several files in name order, a repeated file once, one name from two directories refused. */
    @Test
    void severalFiles() throws IOException {
        Path hello = file("mountdir/hello.txt", HELLO_WORLDS);
        Path hello2 = file("mountdir/hello2.txt", "Helloo Worlds!\n");
        String both = "added " + HELLO_WORLDS_CID + " hello.txt\n"
                + "added Qmf35k66MZNW2GijohUmXQEWKZU4cCGTCwK6idfnt152wJ hello2.txt\n";
        assertOk(cairn("add", "-n", hello.toString(), hello2.toString()), both);
        assertOk(cairn("add", "-n", hello2.toString(), hello.toString()), both);
        assertOk(cairn("add", "-n", hello.toString(), hello.toString()), "added " + HELLO_WORLDS_CID + " hello.txt\n");
        Path same = file("mountdir/same-file/hello.txt", HELLO_WORLDS);
        assertUserError(cairn("add", "-n", hello.toString(), same.toString()),
                "file name hello.txt repeated under different import directories");
    }

    @Test
    void hiddenAndEmptyArguments() throws IOException {
        // t0040: a hidden file named on the command line is added; the empty file and the empty directory.
        Path hidden = file("mountdir/.hello.txt", HELLO_WORLDS);
        assertOk(cairn("add", "-n", hidden.toString()), "added " + HELLO_WORLDS_CID + " .hello.txt\n");
        Path empty = file("zero-length-file", "");
        assertOk(cairn("add", "-n", "-q", empty.toString()), EMPTY_FILE + "\n");
        assertOk(cairn("add", "-n", "-q", "--raw-leaves", empty.toString()),
                "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\n");
        Path emptyDir = Files.createDirectories(tmp.resolve("empty"));
        assertOk(cairn("add", "-n", "-r", emptyDir.toString()), "added " + EMPTY_DIR + " empty\n");
        assertOk(cairn("add", "-n", "-r", "--cid-version", "1", emptyDir.toString()),
                "added " + EMPTY_DIR_V1 + " empty\n");
    }

    @Test
    void standardInputIsNamedByItsCid() {
        // t0040: stdin without a newline at the end, and -q.
        String neptune = "QmZDhWpi8NvKrekaYYhxKCdNVGWsFFe1CREnAjP1QbPaB3";
        assertOk(cairnWithStdin("Hello Neptune!\nHello Pluton!".getBytes(StandardCharsets.UTF_8), "add", "-n"),
                "added " + neptune + " " + neptune + "\n");
        assertOk(cairnWithStdin("Hello Jupiter!\n".getBytes(StandardCharsets.UTF_8), "add", "-n", "-q"),
                "QmUnvPcBctVTAcJpigv6KMqDvmDewksPWrNVoy1E1WP5fh\n");
        assertOk(cairnWithStdin("hello world\n".getBytes(StandardCharsets.UTF_8), "add", "-n", "-Q"),
                "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o\n");
        assertOk(cairnWithStdin(new byte[0], "add", "-n", "-Q"), EMPTY_FILE + "\n");
    }

    @Test
    void hashFunctionsAndProfiles() throws IOException {
        // add_test.go: "hello world" (no newline) under each setting; t0800-blake3.sh: "foo\n" as a blake3 raw block.
        Path hello = file("hello", "hello world");
        String path = hello.toString();
        assertOk(cairn("add", "-n", "-Q", path), "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD\n");
        assertOk(cairn("add", "-n", "-Q", "--cid-version", "1", path),
                "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e\n");
        assertOk(cairn("add", "-n", "-Q", "--cid-version", "1", "--raw-leaves=false", path),
                "bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa\n");
        assertOk(cairn("add", "-n", "-Q", "--hash", "sha2-512", path),
                "bafkrgqbqt3gerhas23vuzrapkdeqf4vu2dwxp3srdj6hvg6nhsug2tgyn6mj3u23yx7utftq3i2ckw2fwdh5qmhid5qf3t35yvkc"
                        + "5e5ottlw6\n");
        assertOk(cairn("add", "-n", "-Q", "--profile", "unixfs-v0-2015", path),
                "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD\n");
        assertOk(cairn("add", "-n", "-Q", "--profile", "unixfs-v1-2025", path),
                "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e\n");
        assertOk(cairn("add", "-n", "-Q", "--hash", "blake3", file("foo", "foo\n").toString()),
                "bafkr4icj3sdq34o6p7lapfgoxtset5om3lsxll72uz5cjnrkzmb6aoo3si\n");
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    @Test
    void errorsAreOneLineAndExitOne() throws IOException {
        Path hello = file("mountdir/hello.txt", HELLO_WORLDS);
        String p = hello.toString();
        // t0040: size-0 and a rabin minimum under 16 fail; --cid-version=9 fails with "unknown CID version".
        assertUserError(cairn("add", "-n", "-Q", "--chunker=size-0", p), "chunker size must be greater than 0");
        assertUserError(cairn("add", "-n", "-Q", "--chunker", "rabin-12-512-1024", p), "rabin min");
        assertUserError(cairn("add", "-n", "--cid-version=9", p), "unknown CID version");
        assertUserError(cairn("add", "-n", "--hash", "blake3", "--cid-version", "0", p),
                "CIDv0 only supports sha2-256");
        assertUserError(cairn("add", "-n", "--hash", "blake3", "--profile", "unixfs-v0-2015", p),
                "CIDv0 only supports sha2-256");
        assertUserError(cairn("add", "-n", "--hash", "no-such-hash", p), "no-such-hash");
        assertUserError(cairn("add", "-n", "--profile", "unixfs-v9", p), "unknown profile");
        assertUserError(cairn("add", "-n", "--max-file-links", "1", p), "at least 2");
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        assertUserError(cairn("add", "-n", dir.toString()),
                "'" + dir + "' is a directory, use the '-r' flag to specify directories");
        // Every argument is checked before anything is added.
        assertUserError(cairn("add", "-n", p, tmp.resolve("missing.txt").toString()), "missing.txt");
    }

    // ---- values from ipfs-unixfs-importer ----------------------------------------------------------------------

    /**
     * The tree the JavaScript comparisons add: nested and empty directories, a hidden file, a file of several
     * chunks at size-256, a symlink and a name whose UTF-8 order differs from its UTF-16 order.
     */
    private Path docs() throws IOException {
        Path docs = tmp.resolve("docs");
        file("docs/a.txt", "hello world\n");
        file("docs/.hidden", "secret");
        file("docs/\uFF5E", "fullwidth tilde");
        file("docs/\uD83D\uDE00", "grinning face");
        byte[] big = new byte[5000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 7);
        }
        Files.createDirectories(docs.resolve("sub"));
        Files.write(docs.resolve("sub/b.bin"), big);
        Files.createDirectories(docs.resolve("sub/empty"));
        Files.createSymbolicLink(docs.resolve("link"), Path.of("a.txt"));
        return docs;
    }

    static Stream<Arguments> flagsAgainstTheJsImporter() {
        // flags, the importer's options, hidden files included, the empty directory's CID
        Map<String, Object> kubo = opts("cidVersion", 0, "rawLeaves", false);
        return Stream.of(
                Arguments.of(List.of(), kubo, false, EMPTY_DIR),
                Arguments.of(List.of("--cid-version", "1"), opts("cidVersion", 1, "rawLeaves", true), false,
                        EMPTY_DIR_V1),
                Arguments.of(List.of("--cid-version=1", "--raw-leaves=false"),
                        opts("cidVersion", 1, "rawLeaves", false), false, EMPTY_DIR_V1),
                Arguments.of(List.of("--raw-leaves"), opts("cidVersion", 0, "rawLeaves", true), false, EMPTY_DIR),
                Arguments.of(List.of("--raw-leaves=true", "--chunker", "size-256"),
                        opts("cidVersion", 0, "rawLeaves", true, "chunkSize", 256), false, EMPTY_DIR),
                Arguments.of(List.of("-s", "size-256", "--max-file-links", "3"),
                        opts("cidVersion", 0, "rawLeaves", false, "chunkSize", 256, "maxChildrenPerNode", 3), false,
                        EMPTY_DIR),
                Arguments.of(List.of("--trickle", "--chunker=size-256"), opts("cidVersion", 0, "rawLeaves", false,
                        "chunkSize", 256, "layout", "trickle", "layerRepeat", 4, "maxChildrenPerNode", 174,
                        "leafType", "raw", "reduceSingleLeafToSelf", false), false, EMPTY_DIR),
                Arguments.of(List.of("--profile", "unixfs-v1-2025", "--chunker", "size-256"),
                        opts("profile", "unixfs-v1-2025", "chunkSize", 256), false, EMPTY_DIR_V1),
                Arguments.of(List.of("--profile=unixfs-v0-2015"), opts("profile", "unixfs-v0-2015"), false, EMPTY_DIR),
                Arguments.of(List.of("-H"), kubo, true, EMPTY_DIR),
                Arguments.of(List.of("--hidden", "--cid-version", "1"), opts("cidVersion", 1, "rawLeaves", true), true,
                        EMPTY_DIR_V1));
    }

    /** Every line's CID against the importer's entry of the same path; Cairn also reports the empty directory. */
    @ParameterizedTest(name = "add -n -r {0}")
    @MethodSource("flagsAgainstTheJsImporter")
    void recursiveAddMatchesTheJsImporter(List<String> flags, Map<String, Object> jsOptions, boolean hidden,
            String emptyDir) throws IOException {
        NodeInterop js = NodeInterop.get();
        Path docs = docs();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("source", docs.toString());
        request.put("hidden", hidden);
        request.put("options", jsOptions);
        ImportResult expected = js.importWithJs(request);

        List<String> args = new ArrayList<>(List.of("add", "-n", "-r"));
        args.addAll(flags);
        args.add(docs.toString());
        Run run = cairn(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        Map<String, String> printed = parseAdded(run.outLines());
        Map<String, String> wanted = new LinkedHashMap<>();
        for (ImportedEntry e : expected.entries()) {
            wanted.put(e.path(), e.cid());
        }
        wanted.put("docs/sub/empty", emptyDir);
        assertEquals(new TreeMap<>(wanted), new TreeMap<>(printed));
        assertEquals(hidden, printed.containsKey("docs/.hidden"));
        List<String> lines = run.outLines();
        assertEquals("added " + expected.root() + " docs", lines.get(lines.size() - 1), "the root comes last");
    }

    /** {@code -w}: the files in name order, the directories, then the wrapper with an empty name. */
    @Test
    void wrapWithDirectoryMatchesTheJsImporter() throws IOException {
        NodeInterop js = NodeInterop.get();
        Path docs = docs();
        Path a = docs.resolve("a.txt");
        Path sub = docs.resolve("sub");
        Path tilde = docs.resolve("\uFF5E");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sources", List.of(a.toString(), sub.toString(), tilde.toString()));
        request.put("wrapWithDirectory", true);
        request.put("options", opts("cidVersion", 0, "rawLeaves", false));
        ImportResult expected = js.importWithJs(request);
        Map<String, String> cid = new LinkedHashMap<>();
        expected.entries().forEach(e -> cid.put(e.path(), e.cid()));

        Run run = cairn("add", "-n", "-r", "-w", tilde.toString(), sub.toString(), a.toString());
        assertOk(run, "added " + cid.get("a.txt") + " a.txt\n"
                + "added " + cid.get("sub/b.bin") + " sub/b.bin\n"
                + "added " + cid.get("\uFF5E") + " \uFF5E\n"
                + "added " + EMPTY_DIR + " sub/empty\n"
                + "added " + cid.get("sub") + " sub\n"
                + "added " + expected.root() + " \n");
        assertOk(cairn("add", "-n", "-r", "-w", "-Q", a.toString(), sub.toString(), tilde.toString()),
                expected.root() + "\n");

        ImportResult one = js.importWithJs(a, true, opts("cidVersion", 0, "rawLeaves", false), null);
        assertOk(cairn("add", "-n", "-w", a.toString()), "added QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o a.txt\n"
                + "added " + one.root() + " \n");
    }

    /** {@code -w} on stdin: Kubo names the stream by its CID inside the wrapper too. */
    @Test
    void wrappedStandardInput() throws IOException {
        NodeInterop js = NodeInterop.get();
        String hello = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
        Path named = file("wrapped/" + hello, "hello world\n");
        ImportResult expected = js.importWithJs(named, true, opts("cidVersion", 0, "rawLeaves", false), null);
        assertOk(cairnWithStdin("hello world\n".getBytes(StandardCharsets.UTF_8), "add", "-n", "-w"),
                "added " + hello + " " + hello + "\n"
                        + "added " + expected.root() + " \n");
    }

    /** Several paths without {@code -w}: each is reported completely, in name order. */
    @Test
    void severalPathsUnwrapped() throws IOException {
        NodeInterop js = NodeInterop.get();
        Path docs = docs();
        Path sub = docs.resolve("sub");
        Path a = docs.resolve("a.txt");
        ImportResult subResult = js.importWithJs(sub, false, opts("cidVersion", 0, "rawLeaves", false), null);
        Run run = cairn("add", "-n", "-r", sub.toString(), a.toString());
        assertOk(run, "added QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o a.txt\n"
                + "added " + subResult.entry("sub/b.bin").cid() + " sub/b.bin\n"
                + "added " + EMPTY_DIR + " sub/empty\n"
                + "added " + subResult.root() + " sub\n");
    }

    /** A content-defined chunker: the importer is given the chunks Cairn's Kubo-compatible chunker cut. */
    @Test
    void rabinAndBuzhashMatchTheJsImporterOverTheSameChunks() throws IOException {
        NodeInterop js = NodeInterop.get();
        Path big = tmp.resolve("big.bin");
        byte[] data = new byte[400_000];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < data.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            data[i] = (byte) x;
        }
        Files.write(big, data);
        for (String spec : List.of("rabin-512-1024-2048", "buzhash")) {
            List<Integer> sizes = new ArrayList<>();
            try (Chunker c = ChunkerSpec.parse(spec).open(Files.newInputStream(big))) {
                for (byte[] chunk = c.nextChunk(); chunk != null; chunk = c.nextChunk()) {
                    sizes.add(chunk.length);
                }
            }
            assertTrue(sizes.size() > 1, spec + " gave one chunk");
            Map<String, Object> options = opts("cidVersion", 0, "rawLeaves", false, "chunker", "sizes",
                    "chunkSizes", sizes);
            ImportResult expected = js.importWithJs(big, false, options, null);
            assertOk(cairn("add", "-n", "--chunker", spec, big.toString()), "added " + expected.root() + " big.bin\n");
        }
    }

    private static Map<String, String> parseAdded(List<String> lines) {
        Map<String, String> byPath = new LinkedHashMap<>();
        for (String line : lines) {
            assertTrue(line.startsWith("added "), line);
            int space = line.indexOf(' ', "added ".length());
            String previous = byPath.put(line.substring(space + 1), line.substring("added ".length(), space));
            assertEquals(null, previous, "printed twice: " + line);
        }
        return byPath;
    }

    private static Map<String, Object> opts(Object... keyValues) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put((String) keyValues[i], keyValues[i + 1]);
        }
        return o;
    }
}
