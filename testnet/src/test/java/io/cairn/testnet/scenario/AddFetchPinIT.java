package io.cairn.testnet.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.testnet.local.LocalTestnet;
import io.cairn.testnet.local.NodeLauncher;
import io.cairn.testnet.local.TestnetNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The add-fetch-pin scenario on four real daemon processes (this JVM's java and class path), then {@code down}:
 * every daemon stops on SIGTERM and the record is gone.
 */
class AddFetchPinIT {
    @TempDir
    Path dir;

    @AfterEach
    void down() throws Exception {
        LocalTestnet.down(dir, Duration.ofSeconds(20));
    }

    @Test
    void fileAddedOnANodeIsServedByAnotherNodesGatewayAndPinnedOnAThird() throws Exception {
        NodeLauncher cairn = NodeLauncher.thisJvm();
        List<TestnetNode> nodes = LocalTestnet.up(dir, 4, cairn, Duration.ofSeconds(60));

        assertEquals(4, nodes.size());
        assertEquals(nodes, LocalTestnet.read(dir), "nodes.tsv records what up returned");
        assertEquals(4, new HashSet<>(nodes.stream().map(TestnetNode::peerId).toList()).size(), "distinct peers");
        for (TestnetNode n : nodes) {
            assertTrue(LocalTestnet.alive(n), n.name());
            assertTrue(n.swarm().startsWith("/ip4/127.0.0.1/tcp/"), n.swarm());
            assertTrue(n.api().startsWith("/ip4/127.0.0.1/tcp/"), n.api());
            assertTrue(n.gateway().startsWith("http://127.0.0.1:"), n.gateway());
        }

        AddFetchPin.Report report = new AddFetchPin(cairn, dir.resolve("scratch"), 3 << 20, 8,
                Duration.ofSeconds(45)).run(nodes);
        assertTrue(report.passed(), report.format());
        assertEquals(4, report.steps().size(), report.format());

        List<LocalTestnet.Stopped> stopped = LocalTestnet.down(dir, Duration.ofSeconds(20));
        assertEquals(4, stopped.size());
        for (LocalTestnet.Stopped s : stopped) {
            assertEquals("stopped", s.outcome(), s.node().name());
            assertFalse(LocalTestnet.alive(s.node()), s.node().name());
        }
        assertFalse(Files.exists(dir.resolve(LocalTestnet.NODES_FILE)));
    }
}
