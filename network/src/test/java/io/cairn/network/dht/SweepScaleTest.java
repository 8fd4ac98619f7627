package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the sweep's cost scales with the network and the key count: slow, and the test JVM's 1 GiB heap bounds it to
 * some 600,000 provider records, so only run on demand with {@code -Dcairn.sweep.scale=true}. Prints, per case, the
 * lookup requests of the sweep against one lookup per key (measured on a sample) and the share of a sample of keys
 * stored at their true 20 nearest servers.
 */
@EnabledIfSystemProperty(named = "cairn.sweep.scale", matches = "true")
class SweepScaleTest {
    @ParameterizedTest
    @CsvSource({"1000, 30000", "2500, 10000", "2500, 25000"})
    void sweepCostAgainstOneLookupPerKey(int nodes, int keyCount) {
        SimNetwork net = SimNetwork.build(nodes, 17);
        SimNetwork.Node from = net.list.get(0);
        SweepProvider provider = SweepProvider.builder(from.id, ProviderKeySet.inMemory(), ProviderKeySet.inMemory())
                .build();
        SweepSim sim = new SweepSim(net, from, provider, 3);
        List<Multihash> keys = SweepSim.keys(keyCount, 5);
        keys.forEach(provider::startProviding);
        long t = System.nanoTime();
        sim.provideAll();
        long millis = (System.nanoTime() - t) / 1_000_000;
        ProvideStats s = provider.stats(net.now);
        Random random = new Random(1);
        long stored = 0;
        long requests = 0;
        int sample = 300;
        for (int i = 0; i < sample; i++) {
            Multihash key = keys.get(random.nextInt(keys.size()));
            for (PeerId p : net.trueClosest(Key.forMultihash(key), 20, from.id)) {
                if (net.nodes.get(p).providers.providers(key, net.now).stream()
                        .anyMatch(x -> x.peer().equals(from.id))) {
                    stored++;
                }
            }
            requests += net.run(from, Lookup.findNode(key.toBytes()).self(from.id).seedsFrom(from.table).build(),
                    random).requestsSent();
        }
        double perLookup = (double) requests / sample;
        System.out.println(String.format(Locale.ROOT, "sweep scale: %d nodes, %d keys: %d regions (prefix %d), "
                + "%d lookups, %d lookup requests (%.2f per node); one lookup per key %.1f requests x %d = %.0f; "
                + "fraction %.5f; stored at true 20 nearest %.4f; %d ms of CPU", nodes, keyCount, s.regions(),
                s.prefixLength(), s.lookups(), s.lookupMessages(), (double) s.lookupMessages() / nodes, perLookup,
                keyCount, perLookup * keyCount, s.fractionOfOneLookupPerKey(perLookup), stored / (20.0 * sample),
                millis));
        assertTrue(stored >= 0.98 * 20 * sample);
    }
}
