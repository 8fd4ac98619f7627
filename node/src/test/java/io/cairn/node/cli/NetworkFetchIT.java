package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole mission on one machine with real daemon processes: a seed node S, node A that adds a file, and nodes
 * B and C that know only S. B finds A as a provider through the DHT, then `cat` and `pin add` fetch the file over
 * Bitswap; C's gateway serves a URL for content it never saw. Loopback only, private DHT protocol.
 */
class NetworkFetchIT {
    private static final String DHT = "/cairn-test/kad/1.0.0";

    @TempDir
    Path tmp;

    private final List<Process> daemons = new ArrayList<>();

    /** A running daemon: its repository (for the CLI) and what it printed. */
    private record Node(Cairn cli, String peerId, String swarm, String gateway) {
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : daemons) {
            p.toHandle().destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Node start(String name, Node bootstrap) throws IOException {
        Cairn cli = new Cairn(tmp.resolve(name));
        cli.run("init");
        cli.ok("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0");
        cli.ok("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0");
        cli.ok("config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]");
        cli.ok("config", "Routing.DHTProtocol", DHT);
        cli.ok("config", "--json", "Routing.LoopbackNetwork", "true");
        cli.ok("config", "Routing.Type", "dhtserver");
        if (bootstrap != null) {
            cli.ok("config", "--json", "Bootstrap", "[\"" + bootstrap.swarm() + "/p2p/" + bootstrap.peerId() + "\"]");
        }
        String peerId = cli.ok("id", "-f", "<id>").strip();
        Cairn.Daemon started = cli.startDaemon();
        Process p = started.process();
        daemons.add(p);
        BufferedReader out = started.out();
        String swarm = null;
        String gateway = null;
        for (String line : started.lines()) {
            Matcher s = Pattern.compile("Swarm listening on (\\S+)").matcher(line);
            Matcher g = Pattern.compile("Gateway server listening on /ip4/127\\.0\\.0\\.1/tcp/(\\d+)").matcher(line);
            if (s.matches()) {
                swarm = s.group(1);
            } else if (g.matches()) {
                gateway = "http://127.0.0.1:" + g.group(1);
            }
        }
        assertTrue(swarm != null && gateway != null, name + " did not start");
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty so the daemon never blocks on its own output
                }
            } catch (IOException ignored) {
                // the daemon exited
            }
        });
        drain.setDaemon(true);
        drain.start();
        return new Node(cli, peerId, swarm, gateway);
    }

    @Test
    void contentAddedOnOneNodeIsFoundThroughTheDhtAndFetchedByOthers() throws Exception {
        Node seed = start("seed", null);
        Node a = start("a", seed);
        Node b = start("b", seed);
        Node c = start("c", seed);

        byte[] content = new byte[3 << 20];
        new Random(5).nextBytes(content);
        Path file = tmp.resolve("photo.bin");
        Files.write(file, content);
        String cid = a.cli().ok("add", "-Q", file.toString()).strip();

        // A announces in the background; B finds it through the DHT (B is connected to the seed only).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String providers = "";
        while (System.nanoTime() < deadline && !providers.contains(a.peerId())) {
            Cairn.Run r = b.cli().run("routing", "findprovs", "-n", "1", cid);
            providers = r.out();
            if (!providers.contains(a.peerId())) {
                Thread.sleep(500);
            }
        }
        assertEquals(a.peerId(), providers.strip(), "B finds A as the provider");

        // A's provider swept the added blocks: `provide stat` shows them provided, none left in the queue.
        Map<String, String> stat = Map.of();
        while (System.nanoTime() < deadline) {
            stat = statLines(a.cli().ok("provide", "stat"));
            if ("0".equals(stat.get("QueueLength")) && "0".equals(stat.get("SweepsInFlight"))) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("0", stat.get("QueueLength"), stat.toString());
        assertTrue(Long.parseLong(stat.get("Keys")) >= 2, stat.toString()); // a 3 MiB file: root and leaves
        assertTrue(Long.parseLong(stat.get("TotalProvides")) >= Long.parseLong(stat.get("Keys")), stat.toString());
        assertTrue(Long.parseLong(stat.get("AddProviderMessages")) >= 1, stat.toString());
        assertTrue(Long.parseLong(stat.get("Regions")) >= 1, stat.toString());
        assertTrue(stat.containsKey("LastReprovideDuration") && stat.containsKey("KeysPerSecond")
                && stat.containsKey("LookupRequests") && stat.containsKey("LastCycle"), stat.toString());

        assertArrayEquals(content, b.cli().run("cat", cid).ok().stdout());
        b.cli().ok("pin", "add", cid);
        assertTrue(b.cli().ok("pin", "ls", "--type", "recursive").contains(cid));

        // C never saw the content: its gateway fetches it from whoever has it.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(c.gateway() + "/ipfs/" + cid))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode());
        assertArrayEquals(content, got.body());

        String peers = a.cli().ok("swarm", "peers");
        assertTrue(peers.contains("/p2p/" + seed.peerId()), peers);

        // A unpins and collects: what it deleted it no longer provides (nothing else was provided there).
        a.cli().ok("pin", "rm", cid);
        assertTrue(a.cli().ok("repo", "gc").contains("removed "));
        long withdrawDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            stat = statLines(a.cli().ok("provide", "stat"));
        } while (!"0".equals(stat.get("Keys")) && System.nanoTime() < withdrawDeadline && sleep(100));
        assertEquals("0", stat.get("Keys"), stat.toString());
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    /** {@code Name: value} lines into a map. */
    private static Map<String, String> statLines(String out) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                m.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return m;
    }
}
