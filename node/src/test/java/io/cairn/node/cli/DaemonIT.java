package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.car.CarReader;
import io.cairn.core.multiformats.Cid;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn daemon} as a separate process on a temporary repository: files added beforehand with {@code cairn add}
 * are served over real HTTP on the port the daemon printed, and SIGTERM stops it cleanly, releasing the lock.
 */
class DaemonIT {
    @TempDir
    Path tmp;

    /** The CIDs of a CAR's blocks, each verified by the reader; its roots must be {@code root}. */
    static Set<Cid> carCids(byte[] car, String root) throws java.io.IOException {
        Set<Cid> cids = new HashSet<>();
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            assertEquals(List.of(Cid.parse(root)), reader.roots());
            for (Block b = reader.next(); b != null; b = reader.next()) {
                cids.add(b.cid());
            }
        }
        return cids;
    }

    @Test
    void servesTheRepositoryAndStopsOnSigterm() throws Exception {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("init");
        cairn.ok("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0");
        cairn.ok("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0");
        cairn.ok("config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]");
        byte[] photo = new byte[700_000];
        new Random(11).nextBytes(photo);
        Path site = tmp.resolve("site");
        Files.createDirectories(site);
        Files.write(site.resolve("photo.jpg"), photo);
        Files.writeString(site.resolve("notes.txt"), "notes\n");
        String root = cairn.ok("add", "-r", "-Q", site.toString()).strip();

        Set<Cid> exported = carCids(cairn.run("dag", "export", root).ok().stdout(), root);

        Cairn.Daemon started = cairn.startDaemon();
        Process daemon = started.process();
        try {
            BufferedReader out = started.out();
            List<String> lines = started.lines();
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("Swarm listening on /ip4/127.0.0.1/tcp/"), lines.toString());
            Matcher m = Pattern.compile("Gateway server listening on /ip4/127\\.0\\.0\\.1/tcp/(\\d+)")
                    .matcher(lines.get(2));
            assertTrue(m.matches(), lines.get(2));
            int port = Integer.parseInt(m.group(1));
            assertTrue(port > 0);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String base = "http://127.0.0.1:" + port;
            HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + root
                    + "/photo.jpg")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, file.statusCode());
            assertArrayEquals(photo, file.body());
            assertEquals("image/jpeg", file.headers().firstValue("content-type").orElse(""));

            HttpResponse<byte[]> car = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + root))
                    .header("Accept", "application/vnd.ipld.car").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, car.statusCode());
            assertEquals(exported, carCids(car.body(), root));

            HttpResponse<String> listing = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + root + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(listing.body().contains(">photo.jpg</a>"), listing.body());
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + root + "/none"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());

            Matcher api = Pattern.compile("RPC API server listening on /ip4/127\\.0\\.0\\.1/tcp/(\\d+)")
                    .matcher(lines.get(1));
            assertTrue(api.matches(), lines.get(1));
            assertMetrics(http, "http://127.0.0.1:" + api.group(1) + "/debug/metrics/prometheus");

            // While the daemon holds the repository, config set goes through its API and the file changes.
            cairn.ok("config", "Gateway.RootRedirect", "/ipfs/" + root + "/");
            assertEquals("/ipfs/" + root + "/\n", cairn.ok("config", "Gateway.RootRedirect"));
            cairn.ok("config", "--json", "Datastore.HashOnRead", "true");
            assertEquals("true\n", cairn.ok("config", "Datastore.HashOnRead"));

            daemon.toHandle().destroy();       // SIGTERM (Process.destroy would also close our end of stdout)
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not stop on SIGTERM");
            StringBuilder rest = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rest.append(line).append('\n');
            }
            assertTrue(rest.toString().contains("shutting down"), rest.toString());
            // The lock is released: a command that opens the repository for writing works.
            assertArrayEquals(photo, cairn.run("cat", root + "/photo.jpg").ok().stdout());
        } finally {
            daemon.destroyForcibly();
        }
    }

    /**
     * The scrape on the API address (as Kubo serves it) counts the four gateway requests above (three 200s, one
     * 404) and carries the JVM's meters. The gateway counts a request once its last byte is written, which may be
     * just after the client read it: poll briefly.
     */
    private static void assertMetrics(HttpClient http, String url) throws Exception {
        String text = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"),
                    r.headers().toString());
            text = r.body();
            if (sample(text, "cairn_gateway_requests_total", "method=\"GET\"", "status=\"2xx\"").equals("3.0")
                    && sample(text, "cairn_gateway_requests_total", "method=\"GET\"", "status=\"4xx\"")
                    .equals("1.0")) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals("3.0", sample(text, "cairn_gateway_requests_total", "method=\"GET\"", "status=\"2xx\""), text);
        assertEquals("1.0", sample(text, "cairn_gateway_requests_total", "method=\"GET\"", "status=\"4xx\""), text);
        assertTrue(Double.parseDouble(sample(text, "cairn_gateway_response_bytes_total", "method=\"GET\""))
                > 700_000, text);
        assertTrue(text.contains("\ncairn_gateway_request_duration_seconds_count 4"), text);
        // a heap pool may be empty right after a collection: the sample's presence is what is checked
        assertTrue(Double.parseDouble(sample(text, "jvm_memory_used_bytes", "area=\"heap\"")) >= 0, text);
        assertTrue(text.contains("\njvm_threads_live_threads "), text);
        assertTrue(text.contains("\ncairn_blocks_fetched_total "), text);
        assertTrue(text.contains("\ncairn_provide_queue_length "), text);
    }

    /** The value of the first sample of {@code name} whose labels contain every {@code labels} pair, or "". */
    private static String sample(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String l = line.substring(0, close + 1);
            boolean all = true;
            for (String label : labels) {
                all &= l.contains(label);
            }
            if (all) {
                return line.substring(close + 1).trim().split(" ")[0];
            }
        }
        return "";
    }
}
