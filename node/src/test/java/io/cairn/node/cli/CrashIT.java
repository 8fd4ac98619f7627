package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.rocks.AddSession;
import io.cairn.storage.rocks.ReadOnlyStoreException;
import io.cairn.storage.rocks.RocksStore;
import io.cairn.storage.rocks.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.util.Environment;

/**
 * The storage issue's crash test: {@code cairn add}, {@code cairn dag import} and {@code cairn repo gc} run in a
 * child JVM that is killed with SIGKILL at a random moment, many times over one repository; after each kill the
 * repository must open, hold no corrupt block, keep every pin whole, and one garbage collection must delete exactly
 * what the interrupted work left behind ({@link RepoAudit}). An add that finished before its kill (and a baseline
 * added at the start) must still be fully present.
 *
 * <p>The kill delays are drawn from a seeded {@link Random}; the seed is printed and can be replayed with
 * {@code -Dcairn.crash.seed=N} ({@code -Dcairn.crash.iterations=N} changes the count), though the moments the
 * kills land also depend on the machine's speed. The first run of each workload is not killed: it measures how
 * long the workload takes after the child's start marker (each later run that finishes updates that), and kill
 * delays are drawn from a fifth of that to a little past it, so kills land before, during and after the commit.
 *
 * <p>A process kill loses nothing the kernel has accepted, so this tests atomicity of the engine's batches and the
 * candidate bookkeeping, not fsync ordering against power loss.
 */
class CrashIT {
    /**
     * An add writes blocks before its commit only once it passes the engine's 32 MiB sub-batch, so adds are big
     * enough that about half of their run lies between the first sub-batch and the commit.
     */
    private static final int ADD_BYTES = 58 << 20;
    private static final int IMPORT_BYTES = 36 << 20;
    private static final int GC_BYTES = 14 << 20;
    private static final int GC_KEPT_BYTES = 4 << 20;
    private static final int BASELINE_BYTES = 6 << 20;
    /** Inputs share this much of the baseline's prefix, so interrupted work touches blocks a pin keeps. */
    private static final int SHARED_PREFIX = 2 << 20;

    /**
     * ADD and GC work on small blocks, in RocksDB; their PACKED twins on blocks of 256 KiB and 64 KiB, in pack files:
     * a killed add leaves pack bytes nothing points to, and a killed collection may be copying live records out of
     * a pack that is mostly garbage.
     */
    private enum Workload { ADD, IMPORT, GC, ADD_PACKED, GC_PACKED }

    @TempDir
    Path tmp;

    private Path nativeDir;

    @Test
    void killedAddsImportsAndCollectionsLeaveASoundRepository() throws Exception {
        long seed = Long.getLong("cairn.crash.seed", new SecureRandom().nextLong());
        int iterations = Integer.getInteger("cairn.crash.iterations", 25);
        System.out.println("CrashIT seed " + seed + " (replay with -Dcairn.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        nativeDir = extractRocksLibrary();

        Path repo = tmp.resolve("repo");
        Repo.init(repo).close();
        Cairn cairn = new Cairn(repo);
        byte[] baseline = randomBytes(random, BASELINE_BYTES);
        Cid baselineCid = Cid.parse(cairn.ok("add", "-Q", "--chunker", "size-4096",
                write("baseline.bin", baseline).toString()).strip());

        // The CAR comes from a scratch repository: the crash repository first sees its blocks in the import.
        byte[] carContent = withBaselinePrefix(baseline, randomBytes(random, IMPORT_BYTES));
        Path scratch = tmp.resolve("scratch");
        Repo.init(scratch).close();
        Cairn scratchCairn = new Cairn(scratch);
        Cid carRoot = Cid.parse(scratchCairn.ok("add", "-Q", "--chunker", "size-4096",
                write("car-content.bin", carContent).toString()).strip());
        Path car = tmp.resolve("import.car");
        Files.write(car, scratchCairn.run("dag", "export", carRoot.toString()).ok().stdout());

        Map<Workload, Long> calibrated = new EnumMap<>(Workload.class);
        int kills = 0;
        int leftBehind = 0;
        for (int i = 0; i < iterations; i++) {
            Workload workload = Workload.values()[i % Workload.values().length];
            byte[] content = null;
            String keptCid = null;
            List<String> args;
            switch (workload) {
                case ADD, ADD_PACKED -> {
                    content = withBaselinePrefix(baseline, randomBytes(random, ADD_BYTES));
                    String chunker = workload == Workload.ADD ? "size-8192" : "size-262144";
                    args = List.of("add", "-Q", "--chunker", chunker, write("add.bin", content).toString());
                }
                case IMPORT -> args = List.of("dag", "import", car.toString());
                case GC_PACKED -> {
                    // One add writes both files into the same packs; the larger one then becomes garbage, so the
                    // collection copies the kept one's records out and deletes the packs.
                    content = randomBytes(random, GC_KEPT_BYTES);
                    Path kept = write("kept.bin", content);
                    Path doomed = write("gc.bin", randomBytes(random, GC_BYTES));
                    keptCid = cairn.ok("add", "-Q", "-n", "--chunker", "size-65536", kept.toString()).strip();
                    String wrapper = cairn.ok("add", "-Q", "-w", "--chunker", "size-65536", kept.toString(),
                            doomed.toString()).strip();
                    cairn.ok("pin", "add", keptCid);
                    cairn.ok("pin", "rm", wrapper);
                    args = List.of("repo", "gc", "-q");
                }
                default -> {
                    byte[] doomed = withBaselinePrefix(baseline, randomBytes(random, GC_BYTES));
                    // Small chunks: many blocks, so that GC takes many batches and kills land between them.
                    String cid = cairn.ok("add", "-Q", "--chunker", "size-1024",
                            write("gc.bin", doomed).toString()).strip();
                    cairn.ok("pin", "rm", cid);
                    args = List.of("repo", "gc", "-q");
                }
            }
            Long span = calibrated.get(workload);
            // From a fifth of the calibrated run (the child opens the repository first) to a little past its end.
            long delay = span == null ? -1 : (long) (span * (0.2 + 0.95 * random.nextDouble()));
            ChildRun run = runChild(repo, delay, args);
            if (!run.killed()) {
                // The machine's load changes: the latest finished run is the best guess at the next one's length.
                calibrated.put(workload, run.millis());
            }
            kills += run.killed() ? 1 : 0;
            String where = "seed " + seed + ", iteration " + i + " (" + workload + ", kill after " + delay + " ms)";
            if (!run.killed()) {
                assertEquals(0, run.code(), where + ": the uninterrupted command failed: " + run.err());
            }

            RepoAudit.Result audit = RepoAudit.auditAndCollect(repo);
            System.out.printf(Locale.ROOT, "CrashIT %2d %-6s delay %5d ms: %-7s after %4d ms; then GC removed %d"
                    + " blocks%n", i, workload, delay, run.killed() ? "killed" : "exit " + run.code(), run.millis(),
                    audit.removed().size());
            leftBehind += run.killed() && !audit.removed().isEmpty() ? 1 : 0;
            assertTrue(audit.recursivePins().contains(baselineCid), where + ": the baseline pin is gone");
            assertArrayEquals(baseline, cairn.run("cat", baselineCid.toString()).ok().stdout(),
                    where + ": the baseline's content changed");
            assertEquals(Set.of(), audit.directPins(), where);
            Set<Cid> extra = new HashSet<>(audit.recursivePins());
            extra.remove(baselineCid);
            switch (workload) {
                case ADD, ADD_PACKED -> {
                    if (!run.killed()) {
                        Cid added = Cid.parse(run.out().strip());
                        assertEquals(Set.of(added), extra, where + ": a finished add must stay pinned");
                    }
                    assertTrue(extra.size() <= 1, where + ": unexpected pins " + extra);
                    for (Cid c : extra) {
                        // Killed after its commit: the pin is there, so the whole file must be.
                        assertArrayEquals(content, cairn.run("cat", c.toString()).ok().stdout(), where);
                    }
                }
                case IMPORT -> {
                    if (!run.killed()) {
                        assertEquals(Set.of(carRoot), extra, where + ": a finished import must stay pinned");
                    }
                    assertTrue(extra.isEmpty() || extra.equals(Set.of(carRoot)), where + ": pins " + extra);
                    if (!extra.isEmpty()) {
                        assertArrayEquals(carContent, cairn.run("cat", carRoot.toString()).ok().stdout(), where);
                    }
                }
                case GC_PACKED -> {
                    assertEquals(Set.of(Cid.parse(keptCid)), extra,
                            where + ": GC must keep the pins it found and create none");
                    assertArrayEquals(content, cairn.run("cat", keptCid).ok().stdout(), where);
                }
                default -> assertEquals(Set.of(), extra, where + ": GC must not create pins");
            }
            if (!extra.isEmpty()) {
                RepoAudit.unpinAllBut(repo, baselineCid);
                RepoAudit.Result reset = RepoAudit.auditAndCollect(repo);
                assertEquals(Set.of(baselineCid), reset.recursivePins(), where);
            }
        }
        System.out.println("CrashIT: " + kills + " of " + iterations + " runs killed, " + leftBehind
                + " of them left garbage behind");
        assertTrue(kills >= iterations / 4, "too few kills landed before the command finished: " + kills);
        assertTrue(leftBehind > 0, "no kill interrupted work that had written anything");
    }

    @Test
    void addToAReadOnlyStoreFailsClearlyAndLeavesItSound() throws Exception {
        Path repo = tmp.resolve("repo");
        Repo.init(repo).close();
        Cairn cairn = new Cairn(repo);
        byte[] baseline = randomBytes(new Random(1), 1 << 20);
        String cid = cairn.ok("add", "-Q", write("baseline.bin", baseline).toString()).strip();

        try (Repo r = Repo.openReadOnly(repo);
                RocksStore store = RocksStore.open(r.blocksPath(), StoreOptions.defaults().withReadOnly(true))) {
            Block block = new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {1, 2, 3}),
                    new byte[] {1, 2, 3});
            ReadOnlyStoreException e;
            try (AddSession session = store.beginAdd()) {
                e = assertThrows(ReadOnlyStoreException.class, () -> session.put(block));
            }
            assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("read-only"), e.getMessage());
            assertThrows(ReadOnlyStoreException.class, () -> store.blocks().put(block));
        }
        assertSoundWith(repo, cid, baseline);
    }

    @Test
    void addOnAReadOnlyFileSystemFailsClearlyAndLeavesTheRepositorySound() throws Exception {
        Path mount = tmp.resolve("ro");
        mountTmpfs(mount, "64m");
        try {
            Path repo = mount.resolve("repo");
            Repo.init(repo).close();
            Cairn cairn = new Cairn(repo);
            byte[] baseline = randomBytes(new Random(2), 1 << 20);
            String cid = cairn.ok("add", "-Q", write("baseline.bin", baseline).toString()).strip();
            mount("-o", "remount,ro", mount.toString());
            Path file = write("more.bin", randomBytes(new Random(3), 1 << 20));
            Cairn.Run failed = cairn.run("add", "-Q", file.toString()).fails("");
            assertTrue(failed.err().toLowerCase(Locale.ROOT).contains("read-only file system"), failed.err());
            mount("-o", "remount,rw", mount.toString());
            assertSoundWith(repo, cid, baseline);
        } finally {
            unmount(mount);
        }
    }

    @Test
    void addOnAFullDiskFailsClearlyAndLeavesTheRepositorySound() throws Exception {
        Path mount = tmp.resolve("full");
        mountTmpfs(mount, "24m");
        try {
            Path repo = mount.resolve("repo");
            Repo.init(repo).close();
            Cairn cairn = new Cairn(repo);
            byte[] baseline = randomBytes(new Random(4), 1 << 20);
            String cid = cairn.ok("add", "-Q", write("baseline.bin", baseline).toString()).strip();
            Path big = write("big.bin", randomBytes(new Random(5), 48 << 20));
            Cairn.Run failed = cairn.run("add", "-Q", big.toString()).fails("");
            assertTrue(failed.err().toLowerCase(Locale.ROOT).contains("no space left on device"), failed.err());
            assertEquals("", failed.out(), "a failed add must not print a CID");
            // Reopening needs a little room (docs/storage-design.md): the user frees space, here by growing.
            mount("-o", "remount,size=256m", mount.toString());
            assertSoundWith(repo, cid, baseline);
        } finally {
            unmount(mount);
        }
    }

    /** The repository audits clean, {@code cid} is its only pin, and it still reads back as {@code content}. */
    private static void assertSoundWith(Path repo, String cid, byte[] content) throws Exception {
        RepoAudit.Result audit = RepoAudit.auditAndCollect(repo);
        assertEquals(Set.of(Cid.parse(cid)), audit.recursivePins());
        assertArrayEquals(content, new Cairn(repo).run("cat", cid).ok().stdout());
    }

    private record ChildRun(boolean killed, int code, String out, String err, long millis) {}

    /**
     * Runs {@code cairn args} in a child JVM against {@code repo}; kills it with SIGKILL {@code delayMillis} after
     * its start marker unless it has exited by then ({@code delayMillis < 0}: never).
     */
    private ChildRun runChild(Path repo, long delayMillis, List<String> args) throws Exception {
        Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC",
                // The parent's copy of the RocksDB library: a killed child never deletes the copy it extracts.
                "-Djava.library.path=" + nativeDir, "-Djava.io.tmpdir=" + childTmp,
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
        command.addAll(args);
        Path out = tmp.resolve("child.out");
        Path err = tmp.resolve("child.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put(Repo.PATH_ENV, repo.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(err).contains(CrashChild.MARKER)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    fail("the child never started: " + Files.readString(err));
                }
                Thread.sleep(1);
            }
            long start = System.nanoTime();
            boolean destroyed = false;
            if (delayMillis >= 0 && !process.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                destroyed = true;
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                fail("the child hung: " + String.join(" ", args));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int code = process.exitValue();
            // A child that exited on its own just before the kill was sent has its own exit code.
            boolean killed = destroyed && code == 128 + 9;
            return new ChildRun(killed, code, Files.readString(out), Files.readString(err), millis);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Copies RocksDB's JNI library out of its jar once, for the children's {@code java.library.path}. */
    private Path extractRocksLibrary() throws IOException {
        String name = Environment.getJniLibraryFileName("rocksdb");
        Path dir = Files.createDirectories(tmp.resolve("native"));
        try (InputStream in = Environment.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no " + name + " in the rocksdbjni jar");
            }
            Files.copy(in, dir.resolve(name));
        }
        return dir;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] withBaselinePrefix(byte[] baseline, byte[] rest) {
        byte[] out = Arrays.copyOf(baseline, SHARED_PREFIX + rest.length);
        System.arraycopy(rest, 0, out, SHARED_PREFIX, rest.length);
        return out;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(tmp.resolve(name), content);
    }

    /** Mounts a tmpfs of {@code size}, or skips the test (printing why) where this machine cannot. */
    private static void mountTmpfs(Path dir, String size) throws Exception {
        Files.createDirectories(dir);
        String why = mountOutput("-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        if (why != null) {
            System.out.println("CrashIT: skipped, cannot mount a tmpfs here: " + why);
            Assumptions.abort("cannot mount a tmpfs here: " + why);
        }
    }

    private static void mount(String... args) throws Exception {
        String why = mountOutput(args);
        if (why != null) {
            throw new IOException("mount " + String.join(" ", args) + " failed: " + why);
        }
    }

    private static void unmount(Path dir) throws Exception {
        Process p = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("umount " + dir + " failed: " + output);
        }
    }

    /** Runs mount; null on success, else its output (or why it could not run). */
    private static String mountOutput(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("mount"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : "exit " + p.exitValue() + ": " + output.strip();
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
