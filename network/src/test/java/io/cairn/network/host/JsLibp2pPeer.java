package io.cairn.network.host;

import io.cairn.core.interop.Json;
import io.cairn.core.interop.NodeInterop;
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
 * A js-libp2p node (interop/js/libp2p-peer.mjs) in a child process, driven by JSON lines. It listens on 127.0.0.1
 * only. Identify events it prints are kept apart from command answers, so a test can check both.
 */
final class JsLibp2pPeer implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<Map<String, Object>> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Map<String, Object>> identifies = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    final String peerId;
    final String address;

    JsLibp2pPeer(NodeInterop js) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(js.nodeBinary().toString(), "libp2p-peer.mjs")
                .directory(js.workDir().toFile());
        process = pb.start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))), "js-libp2p-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (stderr) {
                        if (stderr.length() < 20_000) {
                            stderr.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process is gone; nothing more to collect
            }
        }, "js-libp2p-stderr");
        err.setDaemon(true);
        err.start();
        Map<String, Object> listening = await(answers, Duration.ofSeconds(60), "listening");
        peerId = (String) listening.get("peer");
        address = (String) ((List<?>) listening.get("addrs")).get(0);
    }

    private void pump(BufferedReader r) {
        try {
            for (String line; (line = r.readLine()) != null; ) {
                Map<String, Object> event = Json.parseObject(line);
                ("identify".equals(event.get("event")) ? identifies : answers).add(event);
            }
        } catch (IOException e) {
            // the process ended; a waiting test times out with stderr in its message
        }
    }

    /** Sends a command and waits for its answer; an error answer fails the test. */
    Map<String, Object> call(Map<String, Object> command, Duration timeout) {
        try {
            commands.write(Json.write(command) + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("js peer is gone: " + stderr(), e);
        }
        Map<String, Object> answer = await(answers, timeout, String.valueOf(command.get("cmd")));
        if ("error".equals(answer.get("event"))) {
            throw new AssertionError("js-libp2p failed " + command.get("cmd") + ": " + answer.get("message"));
        }
        return answer;
    }

    /** The next identify result the JS node logged (what it learned about a peer). */
    Map<String, Object> nextIdentify(Duration timeout) {
        return await(identifies, timeout, "identify");
    }

    private Map<String, Object> await(BlockingQueue<Map<String, Object>> q, Duration timeout, String what) {
        try {
            Map<String, Object> m = q.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("js-libp2p gave no " + what + " within " + timeout + "; stderr:\n"
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
