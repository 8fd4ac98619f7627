package io.cairn.network.dht;

import io.cairn.core.interop.Json;
import io.cairn.core.interop.NodeInterop;
import io.cairn.core.peer.PeerId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A js-libp2p node with @libp2p/kad-dht in server mode (interop/js/kad-peer.mjs) in a child process, driven by JSON
 * lines; it listens on 127.0.0.1 only and knows no bootstrap peer.
 */
final class JsKadPeer implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<Map<String, Object>> answers = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    final PeerId peerId;
    final String address;

    JsKadPeer(NodeInterop js, String protocol) throws IOException {
        process = new ProcessBuilder(js.nodeBinary().toString(), "kad-peer.mjs", protocol)
                .directory(js.workDir().toFile()).start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("js-kad-stdout", () -> {
            try (BufferedReader r = reader(process.getInputStream())) {
                for (String line; (line = r.readLine()) != null; ) {
                    answers.add(Json.parseObject(line));
                }
            }
        });
        daemon("js-kad-stderr", () -> {
            try (BufferedReader r = reader(process.getErrorStream())) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (stderr) {
                        if (stderr.length() < 20_000) {
                            stderr.append(line).append('\n');
                        }
                    }
                }
            }
        });
        Map<String, Object> listening = await(Duration.ofSeconds(60), "listening");
        peerId = PeerId.parse((String) listening.get("peer"));
        address = (String) ((List<?>) listening.get("addrs")).get(0);
    }

    private interface IoTask {
        void run() throws IOException;
    }

    private static void daemon(String name, IoTask task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (IOException e) {
                // the process ended; a waiting test times out with stderr in its message
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static BufferedReader reader(java.io.InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Sends a command and waits for its answer; an error answer fails the test. */
    synchronized Map<String, Object> call(Map<String, Object> command, Duration timeout) {
        try {
            commands.write(Json.write(command) + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("js peer is gone: " + stderr(), e);
        }
        Map<String, Object> answer = await(timeout, String.valueOf(command.get("cmd")));
        if ("error".equals(answer.get("event"))) {
            throw new AssertionError("js kad-dht failed " + command.get("cmd") + ": " + answer.get("message"));
        }
        return answer;
    }

    private Map<String, Object> await(Duration timeout, String what) {
        try {
            Map<String, Object> m = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("js kad-dht gave no " + what + " within " + timeout + "; stderr:\n"
                        + stderr());
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    private String stderr() {
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
