package io.cairn.core.interop;

import io.cairn.core.block.Block;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real IPFS JavaScript implementations pinned in {@code interop/js/} (ipfs-unixfs-importer, @ipld/car) so
 * tests compare Cairn with a real peer rather than with our own reading of a spec. See {@code docs/interop.md}.
 *
 * <p>How it works: the npm project in {@code interop/js/} is installed with {@code npm ci} into
 * {@code <repo>/.cairn-build/interop-js/}, a folder that is not committed and survives across test runs and
 * modules. It is reinstalled only when the hash of {@code package.json} + {@code package-lock.json} changes, under
 * an exclusive file lock so two JVMs never install at once. The scripts ({@code *.mjs}) are copied next to
 * {@code node_modules} on every first use in a JVM, and run with the Node &gt;= 22 binary that the npm package
 * {@code node} installs (or a {@code node} >= 22 on the PATH if that package gave none).
 *
 * <p>Policy (DESIGN.md): when npm or a new enough node is missing or the install fails, {@link #get()} skips the
 * calling test with a printed reason, unless the environment variable {@code CAIRN_REQUIRE_INTEROP=1} is set, in
 * which case it fails it. Once the harness is available, a script that fails is always a test failure, with the
 * script's stderr in the message.
 *
 * <p>CIDs cross this class as strings on purpose: reference values go straight from the JavaScript implementation
 * to the assertion without passing through Cairn's own {@code Cid} code, which is what is under test.
 *
 * <p>Invariants: the install runs at most once per JVM (the outcome, good or bad, is memoised); the cache folder
 * holds a working install exactly when its stamp file holds the current hash (the stamp is deleted before
 * {@code npm ci} and written only after it succeeds).
 */
public final class NodeInterop {
    /** Environment variable that turns "skip when the harness is unavailable" into "fail". */
    public static final String REQUIRE_ENV = "CAIRN_REQUIRE_INTEROP";

    static final int MIN_NODE_MAJOR = 22;
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final String STAMP = ".cairn-installed";

    private static Object memo;
    private static boolean skipReported;

    private final Path workDir;
    private final Path node;
    private final String nodeVersion;

    private NodeInterop(Path workDir, Path node, String nodeVersion) {
        this.workDir = workDir;
        this.node = node;
        this.nodeVersion = nodeVersion;
    }

    /**
     * The installed harness. Installs it on first use in this JVM; when it cannot be had, aborts the calling test
     * (skipped) or fails it if {@code CAIRN_REQUIRE_INTEROP=1}.
     */
    public static synchronized NodeInterop get() {
        if (memo == null) {
            try {
                memo = install();
            } catch (Unavailable e) {
                memo = e.getMessage();
            }
        }
        if (memo instanceof NodeInterop) {
            return (NodeInterop) memo;
        }
        RuntimeException abort = unavailable((String) memo, System.getenv(), !skipReported);
        skipReported = true;
        throw abort;
    }

    /**
     * What {@link #get()} throws when the harness cannot be had: a JUnit abort (the test is skipped; the reason is
     * printed if {@code print}, once per JVM) or, where {@code env} has {@code CAIRN_REQUIRE_INTEROP=1}, an
     * assertion failure.
     */
    static RuntimeException unavailable(String reason, Map<String, String> env, boolean print) {
        String message = "JavaScript interop harness unavailable: " + reason;
        if ("1".equals(env.get(REQUIRE_ENV))) {
            Assertions.fail(message + " (failing because " + REQUIRE_ENV + "=1)");
        }
        if (print) {
            System.err.println("SKIPPED: " + message + " (set " + REQUIRE_ENV + "=1 to fail instead)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** The Node binary the scripts run with. */
    public Path nodeBinary() {
        return node;
    }

    /** Its {@code --version}, for example {@code v24.21.0}. */
    public String nodeVersion() {
        return nodeVersion;
    }

    /** The folder holding the scripts and their {@code node_modules}. */
    public Path workDir() {
        return workDir;
    }

    /**
     * Runs {@code script} (a file name in {@code interop/js/}) with {@code args} and returns its stdout. Throws
     * {@link ScriptFailedException} if it exits non-zero or outlives {@code timeout}.
     */
    public String run(String script, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.add(workDir.resolve(script).toString());
        command.addAll(Arrays.asList(args));
        try {
            Finished f = exec(command, workDir, timeout);
            if (f.exitCode != 0) {
                throw new ScriptFailedException(script + " exited with " + f.exitCode + "\nstderr:\n" + f.stderr
                        + "\nstdout:\n" + f.stdout);
            }
            return f.stdout;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + script, e);
        }
    }

    /** Writes {@code request} as JSON to a temporary file, runs {@code script} on it and parses its stdout. */
    public Map<String, Object> runWithRequest(String script, Map<String, Object> request, Duration timeout) {
        Path requestFile = null;
        try {
            requestFile = Files.createTempFile("cairn-interop-", ".json");
            Files.writeString(requestFile, Json.write(request));
            return Json.parseObject(run(script, timeout, requestFile.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(requestFile);
        }
    }

    /**
     * Imports {@code source} (a file, or a directory imported recursively like {@code ipfs add -r}: entries named
     * relative to its parent, hidden entries left out, symlinks kept as symlinks) with ipfs-unixfs-importer.
     * {@code options} are the importer's options as documented in {@code docs/interop.md} (for example
     * {@code cidVersion}, {@code rawLeaves}, {@code chunker}, {@code chunkSize}, {@code layout}, {@code profile});
     * unknown keys fail. If {@code carOrNull} is given, a CARv1 of every block, rooted at the result's root, is
     * written there.
     */
    public ImportResult importWithJs(Path source, boolean wrap, Map<String, Object> options, Path carOrNull) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("source", source.toAbsolutePath().toString());
        request.put("wrapWithDirectory", wrap);
        request.put("options", options == null ? Map.of() : options);
        if (carOrNull != null) {
            request.put("car", carOrNull.toAbsolutePath().toString());
        }
        return importWithJs(request);
    }

    /**
     * Imports with a full {@code import.mjs} request, for the fields the short form lacks ({@code hidden},
     * {@code preserveMode}, {@code preserveMtime}).
     */
    public ImportResult importWithJs(Map<String, Object> request) {
        Map<String, Object> out = runWithRequest("import.mjs", request, DEFAULT_TIMEOUT);
        List<ImportedEntry> entries = new ArrayList<>();
        for (Object o : list(out.get("entries"))) {
            Map<?, ?> e = (Map<?, ?>) o;
            entries.add(new ImportedEntry((String) e.get("path"), (String) e.get("cid"),
                    ((Number) e.get("size")).longValue(), (String) e.get("type")));
        }
        return new ImportResult((String) out.get("root"), List.copyOf(entries));
    }

    /** Lists {@code car} (v1 or v2) as @ipld/car reads it. */
    public CarListing readCarWithJs(Path car) {
        Map<String, Object> out = Json.parseObject(run("car-read.mjs", DEFAULT_TIMEOUT,
                car.toAbsolutePath().toString()));
        List<String> roots = new ArrayList<>();
        for (Object r : list(out.get("roots"))) {
            roots.add((String) r);
        }
        List<CarEntry> blocks = new ArrayList<>();
        for (Object o : list(out.get("blocks"))) {
            Map<?, ?> b = (Map<?, ?>) o;
            blocks.add(new CarEntry((String) b.get("cid"), ((Number) b.get("size")).intValue(),
                    (String) b.get("sha256hex")));
        }
        return new CarListing(((Number) out.get("version")).intValue(), List.copyOf(roots), List.copyOf(blocks));
    }

    /**
     * Writes a CARv1 to {@code out} with @ipld/car: {@code roots} in the header, then {@code blocks} in order, as
     * given (bytes are not checked against CIDs, so a test can plant a corrupt block).
     */
    public void writeCarWithJs(Path out, List<String> roots, List<JsBlock> blocks) {
        Path dataDir = null;
        try {
            dataDir = Files.createTempDirectory("cairn-interop-car-");
            List<Object> described = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                Path data = dataDir.resolve(i + ".bin");
                Files.write(data, blocks.get(i).data());
                described.add(Map.of("cid", blocks.get(i).cid(), "dataFile", data.toString()));
            }
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("out", out.toAbsolutePath().toString());
            request.put("roots", roots);
            request.put("blocks", described);
            runWithRequest("car-write.mjs", request, DEFAULT_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dataDir);
        }
    }

    /** What the importer yielded, in order; {@code root} is the last entry's CID. */
    public record ImportResult(String root, List<ImportedEntry> entries) {
        /** The entry at {@code path}, or an assertion failure naming the paths there are. */
        public ImportedEntry entry(String path) {
            return entries.stream().filter(e -> e.path().equals(path)).findFirst()
                    .orElseThrow(() -> new AssertionError("no entry " + path + " in " + entries));
        }
    }

    /**
     * One entry the importer yielded. {@code size} is the importer's cumulative DAG size (block bytes plus the
     * links' Tsize); {@code type} is the UnixFS type, {@code "raw"} for a bare raw block, or null.
     */
    public record ImportedEntry(String path, String cid, long size, String type) {
    }

    /** A CAR as @ipld/car reads it: its version, header roots and blocks in file order. */
    public record CarListing(int version, List<String> roots, List<CarEntry> blocks) {
    }

    /** One block of a CAR: its CID, length and the SHA-256 of its bytes as stored (lowercase hex). */
    public record CarEntry(String cid, int size, String sha256hex) {
    }

    /** A block to hand to {@link #writeCarWithJs}: a CID string and bytes, which need not match. */
    public record JsBlock(String cid, byte[] data) {
        public JsBlock {
            Objects.requireNonNull(cid, "cid");
            Objects.requireNonNull(data, "data");
        }

        public static JsBlock of(Block block) {
            return new JsBlock(block.cid().toString(), block.data());
        }
    }

    /** A script exited non-zero or timed out; the message holds its stderr. */
    public static final class ScriptFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ScriptFailedException(String message) {
            super(message);
        }
    }

    // ---- installation -------------------------------------------------------------------------------------------

    /** Why the harness cannot be had; never escapes this class. */
    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason);
        }
    }

    private static NodeInterop install() throws Unavailable {
        Path repo = findRepoRoot(Path.of("").toAbsolutePath());
        Path project = repo.resolve("interop/js");
        Path buildDir = repo.resolve(".cairn-build");
        Path workDir = buildDir.resolve("interop-js");
        try {
            Files.createDirectories(workDir);
            try (FileChannel channel = FileChannel.open(buildDir.resolve("interop-js.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                installLocked(project, workDir);
            }
        } catch (IOException e) {
            throw new Unavailable("could not prepare " + workDir + ": " + e);
        }
        Path node = findNode(workDir);
        return new NodeInterop(workDir, node, nodeVersion(node));
    }

    private static void installLocked(Path project, Path workDir) throws IOException, Unavailable {
        byte[] packageJson = Files.readAllBytes(project.resolve("package.json"));
        byte[] lockfile = Files.readAllBytes(project.resolve("package-lock.json"));
        String hash = sha256Hex(packageJson, lockfile);
        Path stamp = workDir.resolve(STAMP);
        boolean installed = Files.isDirectory(workDir.resolve("node_modules")) && Files.exists(stamp)
                && Files.readString(stamp).trim().equals(hash);
        if (!installed) {
            Files.deleteIfExists(stamp);
            writeIfChanged(workDir.resolve("package.json"), packageJson);
            writeIfChanged(workDir.resolve("package-lock.json"), lockfile);
            npmCi(workDir);
            Files.writeString(stamp, hash + "\n");
        }
        try (DirectoryStream<Path> scripts = Files.newDirectoryStream(project, "*.mjs")) {
            for (Path script : scripts) {
                writeIfChanged(workDir.resolve(script.getFileName().toString()), Files.readAllBytes(script));
            }
        }
    }

    private static void npmCi(Path workDir) throws Unavailable {
        String npm = System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
        // --ignore-scripts=false: the `node` package's install script is what fetches the Node binary, so a
        // global ignore-scripts setting must not apply here. --prefer-offline: reuse npm's cache when it can.
        List<String> command = List.of(npm, "ci", "--prefer-offline", "--no-audit", "--no-fund",
                "--ignore-scripts=false", "--loglevel=warn");
        Finished f;
        try {
            f = exec(command, workDir, INSTALL_TIMEOUT);
        } catch (IOException e) {
            throw new Unavailable("npm not runnable (is it on the PATH?): " + e.getMessage());
        } catch (ScriptFailedException e) {
            throw new Unavailable("`npm ci` in " + workDir + " failed: " + e.getMessage());
        }
        if (f.exitCode != 0) {
            throw new Unavailable("`npm ci` in " + workDir + " exited with " + f.exitCode + ":\n" + tail(f.stderr)
                    + tail(f.stdout));
        }
    }

    /** The pinned Node from the npm package {@code node}, else a new enough {@code node} on the PATH. */
    private static Path findNode(Path workDir) throws Unavailable {
        Path pinned = workDir.resolve("node_modules/node/bin/node");
        String problem;
        if (Files.isExecutable(pinned)) {
            int major = nodeMajor(pinned);
            if (major >= MIN_NODE_MAJOR) {
                return pinned;
            }
            problem = pinned + " is Node " + major;
        } else {
            problem = pinned + " is missing (did the `node` package's install script run?)";
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, "node");
            if (candidate != null && Files.isExecutable(candidate)) {
                int major = nodeMajor(candidate);
                if (major >= MIN_NODE_MAJOR) {
                    return candidate;
                }
                problem += "; " + candidate + " is Node " + major;
                break;
            }
        }
        throw new Unavailable("no Node >= " + MIN_NODE_MAJOR + ": " + problem);
    }

    private static int nodeMajor(Path node) {
        try {
            String v = nodeVersion(node);
            return Integer.parseInt(v.substring(1, v.indexOf('.')));
        } catch (Unavailable | RuntimeException e) {
            return -1;
        }
    }

    private static String nodeVersion(Path node) throws Unavailable {
        try {
            Finished f = exec(List.of(node.toString(), "--version"), node.getParent(), PROBE_TIMEOUT);
            String v = f.stdout.trim();
            if (f.exitCode != 0 || !v.startsWith("v")) {
                throw new Unavailable(node + " --version gave " + f.exitCode + ": " + v + f.stderr);
            }
            return v;
        } catch (IOException | ScriptFailedException e) {
            throw new Unavailable(node + " not runnable: " + e.getMessage());
        }
    }

    private static Path findRepoRoot(Path start) throws Unavailable {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("interop/js/package.json"))) {
                return dir;
            }
        }
        throw new Unavailable("no interop/js/package.json in " + start + " or any parent");
    }

    // ---- processes and files ------------------------------------------------------------------------------------

    private static final class Finished {
        final int exitCode;
        final String stdout;
        final String stderr;

        Finished(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    /**
     * Runs {@code command} in {@code dir} with output sent to temporary files (a pipe could fill and block the
     * child). A child that outlives {@code timeout} is killed and reported as a {@link ScriptFailedException}.
     */
    private static Finished exec(List<String> command, Path dir, Duration timeout) throws IOException {
        Path out = Files.createTempFile("cairn-interop-", ".out");
        Path err = Files.createTempFile("cairn-interop-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            // Settings that would make the pinned scripts behave differently from one machine to the next.
            pb.environment().remove("NODE_OPTIONS");
            pb.environment().remove("NODE_PATH");
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command, e);
            }
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new ScriptFailedException(String.join(" ", command) + " timed out after " + timeout
                        + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Finished(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Replaces {@code target} atomically, so a JVM running a script never sees it half written. */
    private static void writeIfChanged(Path target, byte[] content) throws IOException {
        if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String sha256Hex(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                md.update(part);
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }

    private static List<?> list(Object o) {
        if (!(o instanceof List)) {
            throw new IllegalStateException("expected a JSON array, got " + o);
        }
        return (List<?>) o;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // A leftover temporary file is harmless; say so rather than hide it.
            System.err.println("could not delete " + p + ": " + e);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(NodeInterop::deleteQuietly);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
