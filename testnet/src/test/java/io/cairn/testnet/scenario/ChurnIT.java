package io.cairn.testnet.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.testnet.local.LocalTestnet;
import io.cairn.testnet.local.NodeLauncher;
import io.cairn.testnet.local.TestnetNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The churn scenario on eight real daemon processes (this JVM's java and class path): 3 of them stopped, 3 new ones
 * started, and both files (one on a survivor, one whose only original provider left and which a survivor pinned)
 * still found and fetched through the new nodes. Fixed seed, so a failure repeats; a failed run keeps its directory
 * (the daemons' logs).
 */
class ChurnIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @AfterEach
    void down() throws Exception {
        LocalTestnet.down(dir, Duration.ofSeconds(20));
    }

    @Test
    void contentStaysFindableAndFetchableWhenAThirdOfTheNodesAreReplaced() throws Exception {
        NodeLauncher cairn = NodeLauncher.thisJvm();
        List<TestnetNode> nodes = LocalTestnet.up(dir, 8, cairn, Duration.ofSeconds(90));

        ScenarioReport report = new Churn(cairn, dir, 2, 256 << 10, 20261122L, Duration.ofSeconds(45),
                Duration.ofSeconds(90)).run(nodes);
        System.out.print(report.format());
        assertTrue(report.passed(), report.format());
        // 2 adds (one on a survivor, one on a leaver), 1 rescuing pin, stop, start, then findprovs and fetch per file.
        assertEquals(2 + 1 + 2 + 2 * 2, report.steps().size(), report.format());

        List<TestnetNode> recorded = LocalTestnet.read(dir);
        assertEquals(8 + 3, recorded.size(), "the new nodes are recorded beside the old ones");
        assertEquals(3, recorded.stream().filter(n -> !LocalTestnet.alive(n)).count(), "three nodes stopped");
        List<LocalTestnet.Stopped> stopped = LocalTestnet.down(dir, Duration.ofSeconds(20));
        assertEquals(8 + 3, stopped.size());
        for (LocalTestnet.Stopped s : stopped) {
            assertFalse(LocalTestnet.alive(s.node()), s.node().name());
        }
    }
}
