package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweep provider driven by {@link HostKadDht} over real loopback sockets: 24 DHT servers, one of them provides
 * 200 keys with {@link KadDht#startProviding}; every key must land on (most of) its true nearest servers and be found
 * from another node, and the walks must cost fewer FIND_NODE requests than one lookup per key would.
 */
class KadDhtSweepIT {
    private static final String PROTOCOL = "/cairn-test/kad-sweep/1.0.0";
    private static final int SERVERS = 24;
    /** 200 in CI; -Dcairn.sweep.keys=N for a larger run by hand. */
    private static final int KEYS = Integer.getInteger("cairn.sweep.keys", 200);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<Host> hosts = new ArrayList<>();
    private static final List<KadDht> dhts = new ArrayList<>();
    private static final List<MemoryProviderStore> stores = new ArrayList<>();

    @BeforeAll
    static void network() throws Exception {
        for (int i = 0; i < SERVERS; i++) {
            hosts.add(Host.builder(Ed25519KeyPair.generate(RANDOM))
                    .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                    .eventLoopThreads(1)
                    .maxConnectionsPerIp(1000)
                    .start());
        }
        for (Host h : hosts) {
            MemoryProviderStore store = new MemoryProviderStore(20, 100_000);
            KadDhtBuilder b = KadDht.builder(h).protocol(PROTOCOL).loopbackNetwork(true).mode(DhtMode.SERVER)
                    .requestTimeout(Duration.ofSeconds(5)).providerStore(store)
                    .provideIdleDelay(Duration.ofMillis(100));
            for (Host seed : hosts.subList(0, 2)) {
                if (seed != h) {
                    b.bootstrapPeer(seed.listenAddresses().get(0).encapsulate(Component.p2p(seed.peerId())));
                }
            }
            KadDht d = b.build();
            d.start();
            dhts.add(d);
            stores.add(store);
        }
        for (int round = 0; round < 2; round++) {
            for (KadDht d : dhts) {
                d.bootstrap().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stop() {
        dhts.forEach(KadDht::close);
        hosts.forEach(Host::close);
    }

    @Test
    void startProvidingAnnouncesEveryKeyToItsNearestServersWithFewerRequestsThanALookupPerKey() throws Exception {
        int providerIndex = 3;
        KadDht provider = dhts.get(providerIndex);
        PeerId providerId = hosts.get(providerIndex).peerId();

        // What one plain lookup costs in this network, measured on the same node.
        List<LookupResult> plain = new CopyOnWriteArrayList<>();
        ((HostKadDht) provider).observeLookups(plain::add);
        for (int i = 0; i < 5; i++) {
            provider.getClosestPeers(("calibration " + i).getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
        }
        ((HostKadDht) provider).observeLookups(null);
        double requestsPerLookup = plain.stream().mapToInt(LookupResult::requestsSent).average().orElseThrow();

        List<Multihash> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add(Multihash.digest(HashFunction.SHA2_256, ("swept key " + i).getBytes(StandardCharsets.UTF_8)));
        }
        provider.startProviding(keys).get(30, TimeUnit.SECONDS);
        ProvideStats stats = ProvideWaits.awaitProvided(provider, KEYS, Duration.ofSeconds(60), () -> { });
        assertEquals(KEYS, stats.keys());
        assertEquals(0, stats.queueLength());
        assertTrue(stats.regions() >= 1, stats.toString());
        assertEquals(0, stats.batchesFailed(), stats.toString());

        // Every key reached its true nearest servers (ADD_PROVIDER is fire-and-forget: allow for the last streams).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int missing;
        do {
            missing = ProvideWaits.missingRecords(hosts, stores, keys, providerId);
            if (missing > 0) {
                Thread.sleep(200);
            }
        } while (missing > 0 && System.nanoTime() < deadline);
        assertEquals(0, missing, "key and nearest-server pairs without the record");

        // ...and is found from another node through a GET_PROVIDERS lookup.
        KadDht finder = dhts.get(17);
        for (Multihash key : keys) {
            assertEquals(List.of(providerId), finder.findProviders(key, 1).get(30, TimeUnit.SECONDS), key.toString());
        }

        assertEquals((long) KEYS * 20, stats.addProviderMessages(), stats.toString());
        assertTrue(stats.lookupMessages() > 0, stats.toString());
        double oneLookupPerKey = KEYS * requestsPerLookup;
        assertTrue(stats.lookupMessages() < oneLookupPerKey / 4, "sweep sent " + stats.lookupMessages()
                + " FIND_NODE requests; one lookup per key would send about " + oneLookupPerKey);
        System.out.printf("sweep of %d keys on %d servers: %d lookups, %d lookup requests (one lookup per key: about"
                + " %.0f), %d ADD_PROVIDER in %d streams, %d regions%n", KEYS, SERVERS, stats.lookups(),
                stats.lookupMessages(), oneLookupPerKey, stats.addProviderMessages(), stats.batches(),
                stats.regions());
    }
}
