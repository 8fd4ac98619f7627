package io.cairn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Helia node (interop/js/helia-peer.mjs, installed by the test suite in .cairn-build/interop-js) in a child
 * process, one JSON command per line. Answers are flat JSON objects; {@link #field} reads one value out of them,
 * which is all a benchmark needs (the tests parse them fully). stderr goes to this JVM's stderr.
 */
final class HeliaProcess implements AutoCloseable {
    private static final Pattern FIELD = Pattern.compile("\"([A-Za-z0-9]+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}\\]]*)");

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    final String address;

    HeliaProcess(Path jsDir) throws IOException {
        Path node = jsDir.resolve("node_modules/node/bin/node");
        process = new ProcessBuilder(node.toString(), "helia-peer.mjs").directory(jsDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String listening = out.readLine();
        if (listening == null) {
            throw new IOException("helia-peer.mjs exited before listening");
        }
        String addrs = listening.substring(listening.indexOf("\"addrs\":[") + 9);
        address = addrs.substring(1, addrs.indexOf('"', 1));
    }

    /** Sends one command (a JSON object) and returns its answer line; an error answer throws. */
    String call(String json) throws IOException {
        in.write(json + "\n");
        in.flush();
        String answer = out.readLine();
        if (answer == null) {
            throw new IOException("helia-peer.mjs exited during " + json);
        }
        if ("error".equals(field(answer, "event"))) {
            throw new IOException("helia failed " + json + ": " + field(answer, "message"));
        }
        return answer;
    }

    /** The value of {@code name} in a flat JSON object, unquoted; null when absent. */
    static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(3) != null ? m.group(3) : m.group(2).trim();
            }
        }
        return null;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() throws IOException {
        in.close();
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
