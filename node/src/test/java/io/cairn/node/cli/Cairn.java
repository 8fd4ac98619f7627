package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code cairn} commands in-process against one repository directory, as a user would with
 * {@code CAIRN_PATH} set: through {@link CairnMain#run(String[], java.io.OutputStream, java.io.OutputStream,
 * java.util.function.Supplier, Map)}, with stdout captured as bytes.
 */
final class Cairn {
    private final Path repo;

    Cairn(Path repo) {
        this.repo = repo;
    }

    Path repo() {
        return repo;
    }

    /** One finished command. */
    record Run(int code, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        List<String> lines() {
            String o = out();
            return o.isEmpty() ? List.of() : List.of(o.split("\n"));
        }

        /** Exit 0 and nothing on stderr. */
        Run ok() {
            assertEquals("", err, "stderr");
            assertEquals(0, code, "exit code");
            return this;
        }

        /** Exit 1 and one {@code Error: } line on stderr, without a stack trace, that holds {@code fragment}. */
        Run fails(String fragment) {
            assertEquals(1, code, "exit code; stderr: " + err);
            String last = err.lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("Error: "), err);
            assertTrue(err.endsWith("\n"), err);
            assertTrue(last.contains(fragment), "expected '" + fragment + "' in: " + err);
            assertFalse(err.contains("\tat "), "stack trace: " + err);
            return this;
        }
    }

    Run run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    Run runWithStdin(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CairnMain.run(args, out, err, () -> new ByteArrayInputStream(stdin),
                Map.of("CAIRN_PATH", repo.toString()));
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A {@code cairn daemon} process on this repository, started with the test's own java and class path, its
     * output merged; {@code lines} are what it printed before "Daemon is ready" (the listener lines), {@code out}
     * the rest of its output, which the caller reads or drains.
     */
    record Daemon(Process process, java.io.BufferedReader out, List<String> lines) {
    }

    Daemon startDaemon() throws java.io.IOException {
        ProcessBuilder builder = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"), CairnMain.class.getName(), "daemon")
                .redirectErrorStream(true);
        builder.environment().put("CAIRN_PATH", repo.toString());
        Process p = builder.start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> lines = new java.util.ArrayList<>();
        for (String line = out.readLine(); line != null && !line.equals("Daemon is ready"); line = out.readLine()) {
            lines.add(line);
        }
        return new Daemon(p, out, lines);
    }

    /** Runs a command that must succeed silently on stderr; returns its stdout. */
    String ok(String... args) {
        return run(args).ok().out();
    }
}
