package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepProviderTest {
    /** The measured figures are the point of these tests: they go to the test output for the report. */
    private static void report(String format, Object... args) {
        System.out.println(String.format(java.util.Locale.ROOT, format, args));
    }

    /** How many of {@code key}'s true 20 nearest live servers hold {@code provider}'s record for it. */
    private static int stored(SimNetwork net, Multihash key, PeerId provider) {
        int n = 0;
        for (PeerId p : net.trueClosest(Key.forMultihash(key), 20, provider)) {
            if (net.nodes.get(p).providers.providers(key, net.now).stream().anyMatch(x -> x.peer().equals(provider))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void tenThousandKeysOverAThousandNodesReachTheirNearestServersForAFractionOfTheLookups() {
        SimNetwork net = SimNetwork.build(1000, 11);
        SimNetwork.Node from = net.list.get(0);
        SweepProvider provider = SweepProvider.builder(from.id, ProviderKeySet.inMemory(), ProviderKeySet.inMemory())
                .build();
        SweepSim sim = new SweepSim(net, from, provider, 5);
        List<Multihash> keys = SweepSim.keys(10_000, 1);
        keys.forEach(provider::startProviding);
        assertEquals(10_000, provider.queueLength());
        sim.provideAll();
        assertEquals(0, provider.queueLength());

        long total = 0;
        int worst = 20;
        for (Multihash key : keys) {
            int s = stored(net, key, from.id);
            total += s;
            worst = Math.min(worst, s);
        }
        double overlap = total / (20.0 * keys.size());
        ProvideStats stats = provider.stats(net.now);

        // What one lookup per key costs here, measured on a sample, and whether its answer agrees with the sweep's.
        Random random = new Random(3);
        long sampleRequests = 0;
        int sample = 200;
        int agree = 0;
        for (int i = 0; i < sample; i++) {
            Multihash key = keys.get(random.nextInt(keys.size()));
            LookupResult r = net.run(from, Lookup.findNode(key.toBytes()).self(from.id).seedsFrom(from.table).build(),
                    random);
            sampleRequests += r.requestsSent();
            for (DhtPeer p : r.closest()) {
                if (net.nodes.get(p.id()).providers.providers(key, net.now).stream()
                        .anyMatch(x -> x.peer().equals(from.id))) {
                    agree++;
                }
            }
        }
        double perLookup = (double) sampleRequests / sample;
        double fraction = stats.fractionOfOneLookupPerKey(perLookup);
        report("sweep: 1000 nodes, 10000 keys: overlap %.4f (worst key %d/20), per-key-lookup agreement %.4f, "
                + "%d regions (prefix %d), %d lookups, %d lookup requests vs %.1f per lookup x 10000 = %.0f: "
                + "fraction %.5f, %d ADD_PROVIDERs in %d batches", overlap, worst, agree / (20.0 * sample),
                stats.regions(),
                stats.prefixLength(), stats.lookups(), stats.lookupMessages(), perLookup, perLookup * keys.size(),
                fraction, stats.addProviderMessages(), stats.batches());
        assertTrue(overlap >= 0.98, "overlap " + overlap);
        assertTrue(worst >= 15, "worst " + worst);
        assertTrue(agree >= 0.98 * 20 * sample, "agreement " + agree);
        assertEquals(10_000, stats.keysProvided());
        assertEquals(200_000, stats.addProviderMessages());
        assertEquals(sim.requestsDelivered, stats.lookupMessages());
        assertTrue(fraction <= 0.02, "fraction " + fraction);
    }

    @Test
    void aReprovideCycleVisitsEveryRegionOnceAndRefreshesEveryKey() {
        SimNetwork net = SimNetwork.build(400, 21);
        SimNetwork.Node from = net.list.get(7);
        long interval = 22L * 3600 * 1000;
        SweepProvider provider = SweepProvider.builder(from.id, ProviderKeySet.inMemory(), ProviderKeySet.inMemory())
                .interval(interval).build();
        SweepSim sim = new SweepSim(net, from, provider, 9);
        List<Multihash> keys = SweepSim.keys(3000, 2);
        keys.forEach(provider::startProviding);
        sim.provideAll();
        ProvideStats first = provider.stats(net.now);
        Set<Multihash> reprovided = new HashSet<>();
        sim.onAnnounced = (m, t) -> assertTrue(reprovided.add(m), "reprovided twice in one cycle: " + m);
        // A region's next time is at most one interval plus the maximum delay (1 h) after its last sweep.
        long end = net.now + interval + 3600_000;
        while (true) {
            long wake = provider.nextWakeup(net.now);
            if (wake >= end) {
                break;
            }
            net.now = Math.max(net.now, wake);
            sim.pollAndRun();
        }
        Set<Multihash> missing = new HashSet<>(keys);
        missing.removeAll(reprovided);
        assertEquals(Set.of(), missing.stream().limit(3).collect(java.util.stream.Collectors.toSet()),
                missing.size() + " keys not reprovided");
        assertEquals(keys.size(), reprovided.size());
        ProvideStats after = provider.stats(net.now);
        long reprovideLookups = after.lookupMessages() - first.lookupMessages();
        report("sweep: 400 nodes, 3000 keys: first provide %d lookup requests; a reprovide cycle %d lookup "
                + "requests, %d regions (prefix %d)", first.lookupMessages(), reprovideLookups, after.regions(),
                after.prefixLength());
        assertTrue(after.regions() >= 8, "regions " + after.regions());
        for (Multihash key : keys) {
            assertTrue(stored(net, key, from.id) >= 18);
        }
    }

    @Test
    void aFewKeysAreProvidedWithOneLookupEach() {
        SimNetwork net = SimNetwork.build(300, 4);
        SimNetwork.Node from = net.list.get(1);
        SweepProvider provider = SweepProvider.builder(from.id, ProviderKeySet.inMemory(), ProviderKeySet.inMemory())
                .build();
        SweepSim sim = new SweepSim(net, from, provider, 2);
        Multihash key = SweepSim.keys(1, 77).get(0);
        provider.startProviding(key);
        sim.provideAll();
        ProvideStats s = provider.stats(net.now);
        assertEquals(1, s.lookups());
        assertEquals(20, stored(net, key, from.id));
        assertEquals(1, s.regions());
        assertEquals(0, provider.queueLength());
    }

    @Test
    void anEmptyRoutingTableStartsNothingAndKeepsTheQueue() {
        PeerId self = DhtArbitraries.randomPeer(new Random(1));
        SweepProvider provider = SweepProvider.builder(self, ProviderKeySet.inMemory(), ProviderKeySet.inMemory())
                .build();
        provider.startProviding(SweepSim.keys(1, 1).get(0));
        assertTrue(provider.poll(0, RoutingTable.builder(self).build()).isEmpty());
        assertEquals(1, provider.queueLength());
    }

    @Test
    void closestServersAgreesWithSorting() {
        Random random = new Random(8);
        List<DhtPeer> peers = DhtArbitraries.randomPeers(random, 90).stream()
                .map(p -> DhtPeer.of(p, List.of())).toList();
        ClosestServers cs = new ClosestServers(peers);
        for (int i = 0; i < 200; i++) {
            Key x = Key.forPeer(DhtArbitraries.randomPeer(random));
            Set<PeerId> want = new HashSet<>(peers.stream().map(DhtPeer::id)
                    .sorted(java.util.Comparator.comparing(Key::forPeer, Key.byDistanceTo(x))).limit(20).toList());
            Set<PeerId> got = new HashSet<>(cs.closest(x, 20).stream().map(DhtPeer::id).toList());
            assertEquals(want, got);
        }
    }

    @Test
    void prefixTargetsLandInTheirRegion() {
        Random random = new Random(4);
        for (int len : new int[] {0, 1, 5, 9, 16, 17, 20}) {
            Key point = Key.forPeer(DhtArbitraries.randomPeer(random));
            KeyspaceRegion r = KeyspaceRegion.of(point, len);
            assertTrue(r.contains(Key.of(PrefixTargets.inside(r))), "length " + len);
        }
    }
}
