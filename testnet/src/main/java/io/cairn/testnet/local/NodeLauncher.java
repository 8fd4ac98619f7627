package io.cairn.testnet.local;

import io.cairn.node.cli.CairnMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How to run the {@code cairn} command line as a separate process: either the repository's {@code ./cairn} script
 * or this JVM's own {@code java} and class path (what tests use, so they run the code under test, not a stale
 * build). The repository a command works on is given by {@code CAIRN_PATH}, as a user would set it.
 */
public final class NodeLauncher {
    /** Heap for each process unless the caller sets CAIRN_JAVA_OPTS: twenty daemons must fit beside each other. */
    static final String DEFAULT_HEAP = "-Xmx256m";

    private final List<String> prefix;
    private final Map<String, String> env;

    private NodeLauncher(List<String> prefix, Map<String, String> env) {
        this.prefix = List.copyOf(prefix);
        this.env = Map.copyOf(env);
    }

    /** Runs {@code script} (the repository's {@code ./cairn}); the heap comes from CAIRN_JAVA_OPTS. */
    public static NodeLauncher script(Path script) {
        String opts = System.getenv("CAIRN_JAVA_OPTS");
        return new NodeLauncher(List.of(script.toAbsolutePath().toString()),
                Map.of("CAIRN_JAVA_OPTS", opts == null ? DEFAULT_HEAP : opts));
    }

    /** Runs {@link CairnMain} with this JVM's {@code java} executable and class path. */
    public static NodeLauncher thisJvm() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new NodeLauncher(List.of(java, DEFAULT_HEAP, "-XX:+UseParallelGC", "-cp",
                System.getProperty("java.class.path"), CairnMain.class.getName()), Map.of());
    }

    /** A process builder for {@code cairn args...} on {@code repo}; the caller chooses where output goes. */
    ProcessBuilder builder(Path repo, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().putAll(env);
        b.environment().put("CAIRN_PATH", repo.toAbsolutePath().toString());
        b.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return b;
    }

    /** One finished command: exit code and output. */
    public record Result(int code, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs {@code cairn args...} on {@code repo} to completion, killing it after {@code timeout}; output goes
     * through files in {@code scratch} so a chatty command can never block on a full pipe.
     *
     * @throws IOException when it could not start or did not finish in time
     */
    public Result run(Path repo, Path scratch, Duration timeout, String... args) throws IOException {
        Files.createDirectories(scratch);
        Path out = Files.createTempFile(scratch, "cmd", ".out");
        Path err = Files.createTempFile(scratch, "cmd", ".err");
        try {
            Process p = builder(repo, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    throw new IOException("cairn " + String.join(" ", args) + " did not finish within " + timeout);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running cairn " + String.join(" ", args), e);
            }
            return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
