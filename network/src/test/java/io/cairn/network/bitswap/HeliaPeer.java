package io.cairn.network.bitswap;

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
 * A Helia node (interop/js/helia-peer.mjs: js-libp2p on 127.0.0.1 with Helia's light constructor, Bitswap and
 * @helia/unixfs, blocks in memory) in a child process, driven by JSON lines. One command at a time.
 */
final class HeliaPeer implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<Map<String, Object>> answers = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    final String peerId;
    /** Its listen address with its peer ID, for example {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3...}. */
    final String address;

    HeliaPeer(NodeInterop js) throws IOException {
        process = new ProcessBuilder(js.nodeBinary().toString(), "helia-peer.mjs")
                .directory(js.workDir().toFile()).start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("helia-stdout", () -> {
            try (BufferedReader r = reader(process.getInputStream())) {
                for (String line; (line = r.readLine()) != null; ) {
                    answers.add(Json.parseObject(line));
                }
            }
        });
        daemon("helia-stderr", () -> {
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
        peerId = (String) listening.get("peer");
        address = (String) ((List<?>) listening.get("addrs")).get(0);
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static void daemon(String name, Pump pump) {
        Thread t = new Thread(() -> {
            try {
                pump.run();
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

    /** Sends a command and waits for its answer; an error answer fails the test with Helia's stack. */
    Map<String, Object> call(Map<String, Object> command, Duration timeout) {
        try {
            commands.write(Json.write(command) + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("helia is gone: " + stderr(), e);
        }
        Map<String, Object> answer = await(timeout, String.valueOf(command.get("cmd")));
        if ("error".equals(answer.get("event"))) {
            throw new AssertionError("helia failed " + command.get("cmd") + ": " + answer.get("message")
                    + "\nstderr:\n" + stderr());
        }
        return answer;
    }

    private Map<String, Object> await(Duration timeout, String what) {
        try {
            Map<String, Object> m = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("helia gave no " + what + " within " + timeout + "; stderr:\n" + stderr());
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
