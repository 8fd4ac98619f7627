package io.cairn.network.testing;

import io.cairn.core.interop.Json;
import io.cairn.core.interop.NodeInterop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One of the interop/js peer scripts in a child process, driven by JSON lines: one command per line on stdin, one
 * JSON object per line on stdout. Lines the script prints on its own (events such as identify results) go to their
 * own queue, so they never answer a command by mistake. Closing stdin is the stop signal; a waiting test that times
 * out reports the script's stderr.
 */
public final class JsScriptProcess implements AutoCloseable {
    private static final int MAX_STDERR = 20_000;

    private final String name;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<Map<String, Object>> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    /**
     * Starts {@code script} with the harness's Node in its work directory; {@code isEvent} picks the stdout lines
     * that are events rather than answers.
     */
    public JsScriptProcess(NodeInterop js, String name, Predicate<Map<String, Object>> isEvent, String script,
            String... args) throws IOException {
        this.name = name;
        List<String> command = new ArrayList<>(List.of(js.nodeBinary().toString(), script));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).directory(js.workDir().toFile()).start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump(name + "-stdout", process.getInputStream(), line -> {
            Map<String, Object> m = Json.parseObject(line);
            (isEvent.test(m) ? events : answers).add(m);
        });
        pump(name + "-stderr", process.getErrorStream(), line -> {
            synchronized (stderr) {
                if (stderr.length() < MAX_STDERR) {
                    stderr.append(line).append('\n');
                }
            }
        });
    }

    private static void pump(String thread, InputStream in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process ended; a waiting test times out with stderr in its message
            }
        }, thread);
        t.setDaemon(true);
        t.start();
    }

    /** Sends a command and waits for its answer; an {@code error} answer fails the test. */
    public synchronized Map<String, Object> call(Map<String, Object> command, Duration timeout) {
        try {
            commands.write(Json.write(command) + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is gone: " + stderr(), e);
        }
        Map<String, Object> answer = nextAnswer(timeout, String.valueOf(command.get("cmd")));
        if ("error".equals(answer.get("event"))) {
            throw new AssertionError(name + " failed " + command.get("cmd") + ": " + answer.get("message")
                    + "\nstderr:\n" + stderr());
        }
        return answer;
    }

    /** The next answer line (the first one is usually the script's "listening" line). */
    public Map<String, Object> nextAnswer(Duration timeout, String what) {
        return poll(answers, timeout, what);
    }

    public Map<String, Object> nextEvent(Duration timeout, String what) {
        return poll(events, timeout, what);
    }

    private Map<String, Object> poll(BlockingQueue<Map<String, Object>> q, Duration timeout, String what) {
        try {
            Map<String, Object> m = q.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError(name + " gave no " + what + " within " + timeout + "; stderr:\n" + stderr());
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        try {
            commands.close();
        } catch (IOException ignored) {
            // closing stdin is the stop signal; if it is already closed the process is stopping anyway
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
