package io.cairn.testnet.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The kill-mid-transfer scenario on four real daemon processes (this JVM's java and class path): a 64 MiB file on
 * two providers, one SIGKILLed while the fourth node pins it, which must still complete byte-identically; the killed
 * node restarts with a sound repository.
 */
class KillMidTransferIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @AfterEach
    void down() throws Exception {
        LocalTestnet.down(dir, Duration.ofSeconds(20));
    }

    @Test
    void fetchSurvivesAProviderKilledMidTransferAndTheKilledNodeRestartsIntact() throws Exception {
        NodeLauncher cairn = NodeLauncher.thisJvm();
        List<TestnetNode> nodes = LocalTestnet.up(dir, 4, cairn, Duration.ofSeconds(90));

        ScenarioReport report = new KillMidTransfer(cairn, dir, 64 << 20, 20261122L, Duration.ofSeconds(60),
                Duration.ofSeconds(90)).run(nodes);
        System.out.print(report.format());
        assertTrue(report.passed(), report.format());
        // add, findprovs, kill, pin, gateway, verify, restart, verify, pin ls.
        assertEquals(9, report.steps().size(), report.format());
    }
}
