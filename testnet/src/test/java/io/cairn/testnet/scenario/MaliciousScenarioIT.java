package io.cairn.testnet.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.testnet.fault.FaultPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The malicious scenario in-process: six honest nodes, two liars, 5..15 ms latency each way. The report must pass,
 * and its counts must show the liars were in play (the scenario fails when they were never asked).
 */
class MaliciousScenarioIT {
    @Test
    void contentArrivesIntactPastLyingAndCorruptPeers() throws Exception {
        MaliciousScenario.Options o = new MaliciousScenario.Options(6, 2, 1 << 20, 8, Duration.ofSeconds(60),
                FaultPlan.NONE.withLatency(Duration.ofMillis(5), Duration.ofMillis(10)));
        long t = System.nanoTime();
        MaliciousScenario.Report r = MaliciousScenario.run(o);
        System.out.print(r.format());
        assertTrue(r.passed(), r.format());
        assertTrue(r.dhtLies() > 0 && r.corruptBlocks() > 0, r.format());
        assertTrue(r.liarsDropped() >= 1, r.format());
        assertEquals(0, r.fakesInTables(), r.format());
        assertTrue((System.nanoTime() - t) / 1e9 < 90, "the scenario took over 90 s");
    }

    @Test
    void theCommandPrintsTheSeedAndExitsByTheOutcome() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = MaliciousScenario.main(List.of("--bogus", "1"), new PrintStream(out), new PrintStream(err));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --bogus"));
    }
}
