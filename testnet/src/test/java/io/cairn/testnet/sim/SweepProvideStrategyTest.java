package io.cairn.testnet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.Key;
import io.cairn.network.dht.Lookup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SweepProvideStrategyTest {
    private static final int NODES = 400;
    private static final int KEYS = 3000;

    private static SimulatedNetwork network() {
        SimulatedNetwork net = new SimulatedNetwork(SimConfig.builder().nodes(NODES).seed(5).build(), 5);
        for (int i = 0; i < NODES; i++) {
            net.addNode(null);
        }
        net.seedTablesFromKeyspace();
        return net;
    }

    private static List<Multihash> keys(int n, long seed) {
        Random r = new Random(seed);
        List<Multihash> out = new ArrayList<>(n);
        byte[] b = new byte[32];
        for (int i = 0; i < n; i++) {
            r.nextBytes(b);
            out.add(Multihash.digest(HashFunction.SHA2_256, b));
        }
        return out;
    }

    /** Runs {@code strategy} for {@code keys} from {@code provider} to its end; returns its context's counts. */
    private static SimulatedNetwork.SimProvideContext provide(SimulatedNetwork net, SimNode provider,
            ProvideStrategy strategy, List<Multihash> keys) {
        SimulatedNetwork.SimProvideContext ctx = net.provideContext(provider);
        boolean[] done = {false};
        strategy.provide(ctx, keys, () -> done[0] = true);
        net.events.runWhile(() -> !done[0], net.now() + 22 * 3_600_000L, 50_000_000L);
        assertTrue(done[0], strategy.name() + " finished");
        net.events.runUntil(net.now() + 200, 50_000_000L); // the last ADD_PROVIDERs land
        return ctx;
    }

    @Test
    void sweepingCostsAFewPercentOfOneLookupPerCidAndItsRecordsAreFound() {
        SimulatedNetwork net = network();
        SimNode provider = net.live().get(0);
        List<Multihash> swept = keys(KEYS, 1);
        SimulatedNetwork.SimProvideContext sweep = provide(net, provider, new SweepProvideStrategy(), swept);
        SimulatedNetwork.SimProvideContext one = provide(net, provider, new OneLookupPerCid(), keys(KEYS, 2));

        assertEquals(KEYS, one.lookups);
        // 400 servers are ~33 groups of 12: a few dozen walk lookups, against 3000 for one lookup per CID.
        assertTrue(sweep.lookups > 0 && sweep.lookups * 20 < one.lookups,
                "sweep " + sweep.lookups + " lookups vs " + one.lookups);
        assertTrue(sweep.lookupRequests * 10 < one.lookupRequests,
                "sweep " + sweep.lookupRequests + " requests vs " + one.lookupRequests);
        // Every key still goes to (about) k servers.
        assertTrue(sweep.sends >= 19L * KEYS && sweep.sends <= 20L * KEYS, "ADD_PROVIDERs " + sweep.sends);

        // The records sit on the true nearest servers, and real find-provider lookups from elsewhere find them.
        int[] found = {0};
        int[] answered = {0};
        int sample = 200;
        long nearestHolding = 0;
        Random r = new Random(9);
        for (int i = 0; i < sample; i++) {
            Multihash key = swept.get(r.nextInt(KEYS));
            Key point = Key.forMultihash(key);
            List<SimNode> nearest = net.live().stream().filter(n -> n != provider)
                    .sorted(Comparator.comparing((SimNode n) -> n.key, Key.byDistanceTo(point))).limit(20).toList();
            for (SimNode n : nearest) {
                if (!n.providers.providers(key, net.now()).isEmpty()) {
                    nearestHolding++;
                }
            }
            SimNode from = net.live().get(1 + r.nextInt(NODES - 1));
            net.lookup(from, Lookup.getProviders(key).enoughProviders(1), o -> {
                answered[0]++;
                if (o.result().providers().stream().map(DhtPeer::id).anyMatch(provider.id::equals)) {
                    found[0]++;
                }
            });
        }
        net.events.runWhile(() -> answered[0] < sample, net.now() + 3_600_000L, 50_000_000L);
        assertEquals(sample, answered[0]);
        assertEquals(sample, found[0], "swept CIDs found by find-provider lookups");
        assertTrue(nearestHolding >= 19L * sample, "records on the 20 nearest: " + nearestHolding + " / "
                + 20L * sample);
    }

    @Test
    void theSimulatorReportsTheSweepColumnAndFindsTheSweptCids() {
        SimReport r = Simulator.run(SimConfig.builder().nodes(300).seed(3).lookups(400).providedCids(2000)
                .publishSamples(10).scenarios(java.util.EnumSet.of(Scenario.BASELINE)).build());
        assertEquals(List.of("one-lookup", "sweep"), r.provideCosts().stream().map(ProvideCost::strategy).toList());
        ProvideCost base = r.provideCosts().get(0);
        ProvideCost sweep = r.provideCosts().get(1);
        assertEquals(1.0, base.lookupsPerKey());
        assertTrue(sweep.lookupsPerKey() < 0.2 * base.lookupsPerKey(), "sweep lookups/CID " + sweep.lookupsPerKey());
        // The baseline's lookups pick among every strategy's CIDs: half of them are swept ones.
        assertEquals(1.0, r.scenario(Scenario.BASELINE).successRate());
        String table = ReportTable.format(List.of(r), SimConfig.builder().nodes(300).build());
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "%.2f%%",
                100 * sweep.lookupsPerKey() / base.lookupsPerKey())), table);
        assertTrue(table.contains("sweep lookups <= 1% of one-lookup (2000 CIDs)"), table);
    }
}
