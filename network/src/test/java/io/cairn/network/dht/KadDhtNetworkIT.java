package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thirty Cairn hosts on loopback in one JVM, each with a {@link KadDht} server bootstrapped from two seeds, plus one
 * client: the driver over real sockets, checked against brute force over the whole network.
 */
class KadDhtNetworkIT {
    static final String PROTOCOL = "/cairn-test/kad/1.0.0";
    private static final int SERVERS = 30;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<Host> hosts = new ArrayList<>();
    private static final List<KadDht> servers = new ArrayList<>();
    private static final List<Host> serverHosts = new ArrayList<>();
    private static Host clientHost;
    private static KadDht client;

    static Host newHost() throws Exception {
        Host h = Host.builder(Ed25519KeyPair.generate(RANDOM))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .eventLoopThreads(1)
                .maxConnectionsPerIp(1000) // every peer of a loopback network shares one IP
                .start();
        hosts.add(h);
        return h;
    }

    static Multiaddr addressOf(Host h) {
        return h.listenAddresses().get(0).encapsulate(Component.p2p(h.peerId()));
    }

    static KadDhtBuilder dht(Host h, List<Host> seeds) {
        KadDhtBuilder b = KadDht.builder(h).protocol(PROTOCOL).loopbackNetwork(true)
                .requestTimeout(Duration.ofSeconds(5));
        for (Host s : seeds) {
            if (s != h) {
                b.bootstrapPeer(addressOf(s));
            }
        }
        return b;
    }

    @BeforeAll
    static void network() throws Exception {
        for (int i = 0; i < SERVERS; i++) {
            serverHosts.add(newHost());
        }
        List<Host> seeds = serverHosts.subList(0, 2);
        for (Host h : serverHosts) {
            KadDht d = dht(h, seeds).mode(DhtMode.SERVER).build();
            d.start();
            servers.add(d);
        }
        for (KadDht d : servers) {
            d.bootstrap().get(60, TimeUnit.SECONDS);
        }
        // A second round, as the periodic refresh would do: early nodes learn of the ones that came after them.
        for (KadDht d : servers) {
            d.bootstrap().get(60, TimeUnit.SECONDS);
        }
        clientHost = newHost();
        client = dht(clientHost, seeds).mode(DhtMode.CLIENT).build();
        client.start();
        client.bootstrap().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        servers.forEach(KadDht::close);
        if (client != null) {
            client.close();
        }
        hosts.forEach(Host::close);
    }

    private static List<PeerId> serverIds() {
        return serverHosts.stream().map(Host::peerId).toList();
    }

    @Test
    void everyServerHasARoutingTableOfServers() throws Exception {
        Set<PeerId> ids = new HashSet<>(serverIds());
        for (KadDht d : servers) {
            assertTrue(d.isServer());
            List<PeerId> table = d.routingTablePeers().get(10, TimeUnit.SECONDS);
            assertTrue(table.size() >= 10, d + " has only " + table.size() + " peers");
            assertTrue(ids.containsAll(table), table.toString());
        }
    }

    @Test
    void findPeerFindsEveryPeerFromTheClientAndFromAServer() throws Exception {
        for (KadDht from : List.of(client, servers.get(SERVERS - 1))) {
            for (Host target : serverHosts) {
                Optional<DhtPeer> found = from.findPeer(target.peerId()).get(30, TimeUnit.SECONDS);
                assertTrue(found.isPresent(), "did not find " + target.peerId());
                assertEquals(target.peerId(), found.get().id());
                assertTrue(found.get().addresses().contains(target.listenAddresses().get(0)),
                        found.get().addresses() + " lacks " + target.listenAddresses());
            }
        }
    }

    @Test
    void findPeerFromANodeThatKnowsOnlyOneSeedRunsRealLookups() throws Exception {
        Host lateHost = newHost();
        try (KadDht late = dht(lateHost, List.of(serverHosts.get(0))).mode(DhtMode.CLIENT).build()) {
            late.start(); // no bootstrap(): its empty table makes every lookup start from the seed
            int unconnected = 0;
            for (Host target : serverHosts) {
                if (lateHost.connection(target.peerId()).isEmpty()) {
                    unconnected++;
                }
                Optional<DhtPeer> found = late.findPeer(target.peerId()).get(30, TimeUnit.SECONDS);
                assertTrue(found.isPresent(), "did not find " + target.peerId());
                assertTrue(found.get().addresses().contains(target.listenAddresses().get(0)));
            }
            assertTrue(unconnected >= 5, "only " + unconnected + " targets needed a lookup");
        }
    }

    @Test
    void aProvidedKeyIsFoundFromEveryOtherNode() throws Exception {
        Multihash key = Multihash.digest(HashFunction.SHA2_256, "provided by node 5".getBytes(StandardCharsets.UTF_8));
        servers.get(5).provide(key).get(30, TimeUnit.SECONDS);
        PeerId provider = serverHosts.get(5).peerId();
        for (KadDht d : servers) {
            assertEquals(List.of(provider), d.findProviders(key, 1).get(30, TimeUnit.SECONDS), d.toString());
        }
        assertEquals(List.of(provider), client.findProviders(key, 5).get(30, TimeUnit.SECONDS));
    }

    @Test
    void severalProvidersOfOneKeyAreAllFound() throws Exception {
        Multihash key = Multihash.digest(HashFunction.SHA2_256, "three providers".getBytes(StandardCharsets.UTF_8));
        Set<PeerId> expected = new HashSet<>();
        for (int i : new int[] {3, 11, 23}) {
            servers.get(i).provide(key).get(30, TimeUnit.SECONDS);
            expected.add(serverHosts.get(i).peerId());
        }
        client.provide(key).get(30, TimeUnit.SECONDS);
        expected.add(clientHost.peerId());
        List<PeerId> found = servers.get(17).findProviders(key, 10).get(30, TimeUnit.SECONDS);
        assertEquals(expected, new HashSet<>(found));
        // the provider's addresses came with the record, so a finder can dial it
        assertTrue(serverHosts.get(17).peerStore().addresses(clientHost.peerId())
                .contains(clientHost.listenAddresses().get(0)));
    }

    @Test
    void getClosestPeersMatchesABruteForceXorSortOfTheNetwork() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            byte[] key = new byte[34];
            random.nextBytes(key);
            KadDht from = servers.get(round * 6 + 1);
            PeerId self = serverHosts.get(round * 6 + 1).peerId();
            List<PeerId> expected = serverIds().stream().filter(p -> !p.equals(self))
                    .sorted(Comparator.comparing(Key::forPeer, Key.byDistanceTo(Key.of(key)))).limit(20).toList();
            assertEquals(expected, from.getClosestPeers(key).get(30, TimeUnit.SECONDS), "round " + round);
        }
        byte[] key = "from the client".getBytes(StandardCharsets.UTF_8);
        List<PeerId> expected = serverIds().stream()
                .sorted(Comparator.comparing(Key::forPeer, Key.byDistanceTo(Key.of(key)))).limit(20).toList();
        assertEquals(expected, client.getClosestPeers(key).get(30, TimeUnit.SECONDS));
    }

    @Test
    void aClientIsInNoRoutingTableAndServesNothing() throws Exception {
        client.getClosestPeers(clientHost.peerId().toBytes()).get(30, TimeUnit.SECONDS);
        assertFalse(client.isServer());
        assertFalse(clientHost.protocols().contains(PROTOCOL));
        assertTrue(client.routingTablePeers().get(10, TimeUnit.SECONDS).size() >= 10);
        for (KadDht d : servers) {
            assertFalse(d.routingTablePeers().get(10, TimeUnit.SECONDS).contains(clientHost.peerId()), d.toString());
        }
    }

    @Test
    void aPublicKeyRecordIsStoredOnTheNearestPeersAndReadBack() throws Exception {
        // An RSA-style /pk record: the key names the SHA-256 multihash of the value.
        byte[] value = new byte[300];
        RANDOM.nextBytes(value);
        byte[] key = ("/pk/").getBytes(StandardCharsets.ISO_8859_1);
        byte[] mh = Multihash.digest(HashFunction.SHA2_256, value).toBytes();
        byte[] full = new byte[key.length + mh.length];
        System.arraycopy(key, 0, full, 0, key.length);
        System.arraycopy(mh, 0, full, key.length, mh.length);
        int acked = servers.get(2).putValue(DhtRecord.of(full, value)).get(30, TimeUnit.SECONDS);
        assertEquals(20, acked);
        assertTrue(java.util.Arrays.equals(value, servers.get(29).getValue(full).get(30, TimeUnit.SECONDS)
                .orElseThrow()));
        assertTrue(java.util.Arrays.equals(value, client.getValue(full).get(30, TimeUnit.SECONDS).orElseThrow()));
    }
}
