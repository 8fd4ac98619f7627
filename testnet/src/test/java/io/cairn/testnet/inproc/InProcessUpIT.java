package io.cairn.testnet.inproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Cid;
import io.cairn.testnet.fault.FaultPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up N --in-process}: 30 nodes with a gateway each; a file added on node1 comes back byte-identical over HTTP
 * from the gateway of the last node (which never had it: DHT + Bitswap) and of a middle one; after close no swarm or
 * gateway port accepts and none of the nodes' threads is left.
 */
class InProcessUpIT {
    private static final Pattern URL = Pattern.compile("which never had it: (http://127\\.0\\.0\\.1:\\d+/ipfs/\\S+)");

    @Test
    void thirtyNodesServeAFileAddedOnNode1ThroughAnotherNodesGateway(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        byte[] content = new byte[700_000];        // three chunks of 256 KiB: a root and three leaves
        new Random(42).nextBytes(content);
        Path file = Files.write(dir.resolve("file.bin"), content);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        List<InetSocketAddress> ports = new ArrayList<>();
        InProcessUp up = InProcessUp.start(new InProcessUp.Options(30, FaultPlan.NONE, 20261122,
                Duration.ofSeconds(60), file), out);
        try {
            String text = printed.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("testnet ready: 30 nodes"), text);
            List<InProcessNode> nodes = up.testnet().nodes();
            assertEquals(30, nodes.size());
            for (InProcessNode n : nodes) {
                URI gw = n.gatewayUrl().orElseThrow();
                assertEquals("127.0.0.1", gw.getHost());
                assertTrue(text.contains(n.name() + " ") && text.contains(n.peerId().toString())
                        && text.contains(n.address().toString()) && text.contains(gw.toString()), n.name());
                ports.add(new InetSocketAddress("127.0.0.1", gw.getPort()));
                ports.add(new InetSocketAddress("127.0.0.1", n.host().listenAddresses().get(0).toSocketAddress()
                        .orElseThrow().getPort()));
            }
            Cid cid = up.added().orElseThrow();
            Matcher m = URL.matcher(text);
            assertTrue(m.find(), text);
            URI last = URI.create(m.group(1));
            assertEquals(nodes.get(29).gatewayUrl().orElseThrow().getPort(), last.getPort());
            assertFalse(nodes.get(29).store().has(cid.multihash()), "the last node must not hold the file yet");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (URI u : List.of(last, URI.create(nodes.get(14).gatewayUrl().orElseThrow() + "/ipfs/" + cid))) {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode(), u + ": " + new String(r.body(), StandardCharsets.UTF_8));
                assertArrayEquals(sha256(content), sha256(r.body()), u + " served other bytes");
            }
            assertTrue(nodes.get(29).store().has(cid.multihash()), "the gateway keeps what it fetched");
        } finally {
            up.close();
        }
        for (InetSocketAddress a : ports) {
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(a, 1000);
                }
            }, a + " still accepts after close");
        }
        // Netty's event loops end within their quiet period (0) and shutdown timeout (2 s); allow a little more.
        List<String> left = List.of();
        for (int i = 0; i < 50; i++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(th -> th.isAlive() && !before.contains(th) && ours(th.getName()))
                    .map(Thread::getName).sorted().collect(Collectors.toList());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(List.of(), left, "threads left after close");
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("InProcessUpIT: 30 nodes up, fetched, closed in %.1f s%n", seconds);
        assertTrue(seconds < 60, "took " + seconds + " s");
    }

    @Test
    void theCommandRunsForTheGivenTimeAndStops() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = InProcessUp.main(List.of("3", "--seed", "7", "--for", "1", "--faults", "latency=2,jitter=1"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("latency 2 ms + 0..1 ms") && text.contains("testnet ready: 3 nodes")
                && text.contains("stopped 3 nodes"), text);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, InProcessUp.main(List.of("4", "--faults", "latency=5,drop=1"), o, e));
        assertEquals(2, InProcessUp.main(List.of("--for", "5"), o, e));
        assertEquals(2, InProcessUp.main(List.of("1"), o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown key drop"));
    }

    /**
     * Threads of hosts, DHTs, Bitswap and gateways (Netty's default loop names included); not the importer's
     * JVM-wide hashing pool ({@code cairn-hash-N}, daemon threads shared by every import, not owned by a node).
     */
    private static boolean ours(String name) {
        return (name.startsWith("cairn-") && !name.startsWith("cairn-hash-")) || name.startsWith("kad-dht-")
                || name.startsWith("nioEventLoopGroup");
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
