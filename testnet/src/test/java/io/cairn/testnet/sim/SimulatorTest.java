package io.cairn.testnet.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.Key;
import io.cairn.network.dht.Lookup;
import io.cairn.network.dht.LookupResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {
    private static SimConfig.Builder small(int nodes) {
        return SimConfig.builder().nodes(nodes).seed(7).lookups(300).providedCids(100).publishSamples(20);
    }

    @Test
    void findNodeLookupsOverSeededTablesFindTheTrueClosestPeers() {
        SimConfig config = small(300).build();
        SimulatedNetwork net = new SimulatedNetwork(config, 11);
        for (int i = 0; i < 300; i++) {
            net.addNode(null);
        }
        net.seedTablesFromKeyspace();
        LookupResult[] results = new LookupResult[40];
        List<List<DhtPeer>> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            SimNode from = net.live().get(net.random.nextInt(300));
            byte[] target = new byte[16];
            net.random.nextBytes(target);
            Key key = Key.of(target);
            expected.add(net.live().stream().filter(n -> n != from).sorted(Comparator.comparing(n -> n.key,
                    Key.byDistanceTo(key))).limit(20).map(n -> n.record).toList());
            int idx = i;
            net.events.at(net.now() + 10L * i, () -> net.lookup(from, Lookup.findNode(target),
                    o -> results[idx] = o.result()));
        }
        net.events.runUntil(600_000, 10_000_000);
        for (int i = 0; i < 40; i++) {
            assertNotNull(results[i], "lookup " + i + " ended");
            assertEquals(LookupResult.Termination.COMPLETED, results[i].termination());
            assertEquals(expected.get(i).stream().map(DhtPeer::id).toList(),
                    results[i].closest().stream().map(DhtPeer::id).toList());
            assertEquals(0, results[i].timeouts());
        }
    }

    @Test
    void seededTablesHoldEveryNearPeerAndKOfEachFarBucket() {
        SimulatedNetwork net = new SimulatedNetwork(small(400).build(), 3);
        for (int i = 0; i < 400; i++) {
            net.addNode(null);
        }
        net.seedTablesFromKeyspace();
        for (SimNode n : net.live().subList(0, 50)) {
            for (int cpl = 0; cpl < 12; cpl++) {
                int c = cpl;
                long inNetwork = net.live().stream().filter(p -> p.key.commonPrefixLength(n.key) == c).count();
                long inTable = n.table.peers().stream()
                        .filter(p -> Key.forPeer(p).commonPrefixLength(n.key) == c).count();
                assertEquals(Math.min(20, inNetwork), inTable, "prefix length " + cpl);
            }
        }
    }

    @Test
    void churnAndAdversariesMoveTheMetricsTheExpectedWay() {
        SimReport r = Simulator.run(small(500).churnPerHour(0.5).adversarialFraction(0.3)
                .scenarios(EnumSet.of(Scenario.BASELINE, Scenario.CHURN, Scenario.ADVERSARIAL)).build());
        ScenarioResult base = r.scenario(Scenario.BASELINE);
        ScenarioResult churn = r.scenario(Scenario.CHURN);
        ScenarioResult adv = r.scenario(Scenario.ADVERSARIAL);
        assertEquals(0, base.timeouts());
        assertEquals(1.0, base.successRate());
        assertTrue(churn.departures() > 100, "half the nodes leave per hour: " + churn.departures());
        assertTrue(churn.timeouts() > 0);
        assertTrue(churn.latencyMillis().percentile(99) > base.latencyMillis().percentile(99));
        assertTrue(churn.latencyMillis().mean() > base.latencyMillis().mean());
        // Silent adversaries cost timeouts, liars and empty answers cost steps.
        assertTrue(adv.timeouts() > 0);
        assertTrue(adv.latencyMillis().mean() > base.latencyMillis().mean());
        assertTrue(adv.messages().mean() > base.messages().mean());
        for (ScenarioResult s : r.scenarios()) {
            assertFalse(s.truncated());
        }
    }

    @Test
    void aThousandNodesMeetTheHopAndLatencyTargets() {
        SimReport r = Simulator.run(small(1000).lookups(500)
                .scenarios(EnumSet.of(Scenario.BASELINE)).build());
        ScenarioResult base = r.scenario(Scenario.BASELINE);
        assertTrue(base.successRate() >= 0.999, "success " + base.successRate());
        assertTrue(base.hops().percentile(50) <= 4, "hops p50 " + base.hops().percentile(50));
        assertTrue(base.latencyMillis().percentile(50) <= 500);
        assertTrue(base.latencyMillis().percentile(95) <= 1500);
        // A lookup never finishes faster than one round trip, nor a publication faster than a lookup.
        assertTrue(base.latencyMillis().percentile(1) >= 50);
        assertTrue(r.publishMillis().percentile(50) >= base.latencyMillis().percentile(50));
        ProvideCost cost = r.provideCosts().get(0);
        assertEquals("one-lookup", cost.strategy());
        assertEquals(1.0, cost.lookupsPerKey());
        assertTrue(cost.announcements() <= 20L * cost.keys() && cost.announcements() >= 19L * cost.keys());
    }

    @Test
    void theSameSeedGivesTheSameFigures() {
        SimConfig c = small(200).lookups(100).churnPerHour(0.3).days(0.5)
                .scenarios(EnumSet.of(Scenario.CHURN, Scenario.SURVIVAL)).build();
        SimReport a = Simulator.run(c);
        SimReport b = Simulator.run(c);
        for (Scenario s : List.of(Scenario.CHURN)) {
            assertArrayEquals(a.scenario(s).latencyMillis().values(), b.scenario(s).latencyMillis().values());
            assertArrayEquals(a.scenario(s).messages().values(), b.scenario(s).messages().values());
        }
        assertEquals(a.survival().meanHolders(), b.survival().meanHolders());
        assertEquals(a.survival().findable(), b.survival().findable());
    }

    @Test
    void theCommandWritesTheReportWithEveryColumnAndThePlots(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SimulatorMain.run(new String[] {"--nodes", "100,150", "--seed", "3", "--days", "0.5",
                "--lookups", "200", "--cids", "50", "--out", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String report = Files.readString(dir.resolve("report.txt"));
        for (String column : List.of("scenario", "success", "hops p50/95/99", "latency ms p50/95/99", "msgs/lk",
                "timeouts", "one-lookup msgs | lookups", "sweep msgs | lookups", "publish ms p50/95/99",
                "sweep/one-lookup lookups", "findable min/end", "live holders", "reprovides", ReportTable.IPFS_LOOKUPS,
                ReportTable.IPFS_PUBLISH, "Targets (issue 8) at 150 nodes", "success >= 99.9%", "baseline", "churn",
                "adversarial")) {
            assertTrue(report.contains(column), "missing " + column + " in\n" + report);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(report));
        for (String png : List.of("lookup-latency-cdf", "lookup-hops", "lookup-latency-by-scenario",
                "record-findable", "record-holders")) {
            Path p = dir.resolve(png + ".png");
            assertTrue(Files.size(p) > 1000, png);
            byte[] magic = Files.readAllBytes(p);
            assertEquals((byte) 0x89, magic[0]);
            assertEquals('P', magic[1]);
        }
    }

    @Test
    void badOptionsAreRefusedWithStatusTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, SimulatorMain.run(new String[] {"--nodes", "1"}, o, e));
        assertEquals(2, SimulatorMain.run(new String[] {"--bogus", "1"}, o, e));
        assertEquals(2, SimulatorMain.run(new String[] {"--churn"}, o, e));
        assertEquals(2, SimulatorMain.run(new String[] {"--strategies", "bogus"}, o, e));
        assertEquals(2, SimulatorMain.run(new String[] {"--providers", "-1"}, o, e));
        assertEquals(0, SimulatorMain.run(new String[] {"--help"}, o, e));
        assertNotNull(err.toString(StandardCharsets.UTF_8));
    }
}
