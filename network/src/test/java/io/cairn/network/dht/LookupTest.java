package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.testing.NettyLeakCheck;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

class LookupTest {
    private static SimNetwork network;

    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    private static synchronized SimNetwork network() {
        if (network == null) {
            network = SimNetwork.build(1000, 42);
        }
        return network;
    }

    private static List<PeerId> ids(List<DhtPeer> peers) {
        return peers.stream().map(DhtPeer::id).toList();
    }

    @Property(tries = 60)
    void findNodeFindsTheTrueClosestPeersInBoundedHopsAndMessages(@ForAll long seed) {
        SimNetwork net = network();
        Random random = new Random(seed);
        SimNetwork.Node from = net.list.get(random.nextInt(net.list.size()));
        byte[] key = DhtArbitraries.randomPeer(random).toBytes();
        Lookup lookup = Lookup.findNode(key).self(from.id).seedsFrom(from.table).build();
        LookupResult r = net.run(from, lookup, random);
        assertEquals(LookupResult.Termination.COMPLETED, r.termination());
        assertEquals(net.trueClosest(Key.of(key), 20, from.id), ids(r.closest()));
        // log2(1000 / 20) is about 6 rounds of improvement; a seed is hop 1.
        assertTrue(r.hops() <= 6, "hops " + r.hops());
        assertTrue(r.requestsSent() <= 80, "requests " + r.requestsSent());
        // Requests still in flight outside the k nearest when the follow-up ends are abandoned: at most alpha.
        assertTrue(r.requestsSent() - r.responses() <= 3);
    }

    @Property(tries = 20)
    void deadPeersTimeOutAndTheLiveClosestAreStillFound(@ForAll long seed) {
        SimNetwork net = SimNetwork.build(300, seed);
        Random random = new Random(seed);
        for (SimNetwork.Node n : net.list) {
            n.alive = random.nextInt(5) != 0;
        }
        SimNetwork.Node from = net.list.stream().filter(n -> n.alive).findFirst().orElseThrow();
        byte[] key = DhtArbitraries.randomPeer(random).toBytes();
        // The seed nearest the target is among the first alpha asked; killing it makes sure a timeout happens.
        net.nodes.get(from.table.closest(Key.of(key), 1).get(0)).alive = false;
        LookupResult r = net.run(from, Lookup.findNode(key).self(from.id).seedsFrom(from.table).build(), random);
        // Dead peers still in routing tables take places among the k nearest heard of, as in go, so the live k
        // nearest are not guaranteed; the nearest half are, and every peer reported answered.
        assertEquals(net.trueClosest(Key.of(key), 10, from.id), ids(r.closest()).subList(0, 10));
        assertTrue(r.closest().stream().allMatch(p -> net.nodes.get(p.id()).alive));
        assertTrue(r.timeouts() > 0);
        assertTrue(r.requestsSent() - r.responses() - r.timeouts() <= 3);
    }

    @Test
    void getProvidersStopsWhenEnoughProvidersAreFound() {
        SimNetwork net = network();
        Random random = new Random(7);
        Multihash mh = Multihash.digest(HashFunction.SHA2_256, new byte[] {1, 2, 3});
        SimNetwork.Node provider = net.list.get(3);
        for (PeerId p : net.trueClosest(Key.forMultihash(mh), 20, null)) {
            net.nodes.get(p).providers.addProvider(mh, provider.id, provider.addresses, net.now);
        }
        SimNetwork.Node from = net.list.get(500);
        LookupResult r = net.run(from, Lookup.getProviders(mh).self(from.id).seedsFrom(from.table)
                .enoughProviders(1).build(), random);
        assertEquals(LookupResult.Termination.STOPPED, r.termination());
        assertEquals(List.of(DhtPeer.of(provider.id, provider.addresses)), r.providers());
        assertTrue(r.providerHops() >= 1 && r.providerHops() <= 6);
        for (PeerId p : net.trueClosest(Key.forMultihash(mh), 20, null)) {
            net.nodes.get(p).providers.removeExpired(Long.MAX_VALUE);
        }
    }

    @Test
    void getValueCollectsValidRecordsUpToQuorum() {
        SimNetwork net = network();
        byte[] pk = new byte[] {8, 0, 18, 3, 1, 2, 3};
        Multihash h = Multihash.digest(HashFunction.SHA2_256, pk);
        byte[] key = new byte[4 + h.byteLength()];
        System.arraycopy("/pk/".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, key, 0, 4);
        h.writeTo(key, 4);
        List<PeerId> holders = net.trueClosest(Key.of(key), 3, null);
        net.nodes.get(holders.get(0)).records.put(DhtRecord.of(key, pk), net.now);
        net.nodes.get(holders.get(1)).records.put(DhtRecord.of(key, new byte[] {9}), net.now); // a lie
        net.nodes.get(holders.get(2)).records.put(DhtRecord.of(key, pk), net.now);
        SimNetwork.Node from = net.list.get(900);
        LookupResult r = net.run(from, Lookup.getValue(key).self(from.id).seedsFrom(from.table)
                .validator(RecordValidator.standard()).quorum(2).build(), new Random(3));
        assertEquals(LookupResult.Termination.STOPPED, r.termination());
        assertEquals(2, r.records().size());
        assertTrue(r.records().stream().allMatch(f -> java.util.Arrays.equals(pk, f.record().value())));
    }

    @Test
    void noSeedsEndsAtOnce() {
        PeerId self = DhtArbitraries.peerId(new byte[32]);
        Lookup l = Lookup.findNode(new byte[] {1}).self(self).build();
        assertEquals(List.of(), l.start(0));
        assertTrue(l.isDone());
        assertEquals(LookupResult.Termination.NO_SEEDS, l.result().termination());
    }

    @Test
    void asksAlphaAtATimeAndEndsWhenTheBetaNearestAnswered() {
        Random random = new Random(1);
        PeerId self = DhtArbitraries.randomPeer(random);
        byte[] key = DhtArbitraries.randomPeer(random).toBytes();
        Key target = Key.of(key);
        List<PeerId> seeds = DhtArbitraries.randomPeers(random, 10).stream()
                .sorted(java.util.Comparator.comparing(Key::forPeer, Key.byDistanceTo(target))).toList();
        Lookup l = Lookup.findNode(key).self(self).followUp(false)
                .seeds(seeds.stream().map(p -> DhtPeer.of(p, List.<Multiaddr>of())).toList()).build();
        List<Lookup.Request> first = l.start(0);
        assertEquals(seeds.subList(0, 3), first.stream().map(Lookup.Request::peer).toList());
        assertEquals(MessageType.FIND_NODE, first.get(0).message().type());
        DhtMessage empty = DhtMessage.findNode(key).reply(null);
        // The nearest fails: the 4th nearest is asked in its place.
        assertEquals(List.of(seeds.get(3)), l.onFailure(seeds.get(0), 1).stream().map(Lookup.Request::peer).toList());
        // Late or repeated reports for a peer not waiting change nothing.
        assertEquals(List.of(), l.onResponse(seeds.get(0), empty, 2));
        assertEquals(List.of(seeds.get(4)),
                l.onResponse(seeds.get(1), empty, 2).stream().map(Lookup.Request::peer).toList());
        l.onResponse(seeds.get(2), empty, 3);
        assertTrue(!l.isDone());
        l.onResponse(seeds.get(3), empty, 4);
        // Seeds 1, 2, 3 are the three nearest not unreachable and all answered.
        assertTrue(l.isDone());
        assertEquals(LookupResult.Termination.COMPLETED, l.result().termination());
        assertEquals(seeds.subList(1, 4), ids(l.result().closest()));
        assertEquals(1, l.result().failures());
    }

    @Test
    void followUpAsksTheRestOfTheKNearest() {
        Random random = new Random(2);
        PeerId self = DhtArbitraries.randomPeer(random);
        byte[] key = DhtArbitraries.randomPeer(random).toBytes();
        List<PeerId> seeds = DhtArbitraries.randomPeers(random, 8);
        Lookup l = Lookup.findNode(key).self(self).k(5)
                .seeds(seeds.stream().map(p -> DhtPeer.of(p, List.<Multiaddr>of())).toList()).build();
        java.util.ArrayDeque<Lookup.Request> q = new java.util.ArrayDeque<>(l.start(0));
        DhtMessage empty = DhtMessage.findNode(key).reply(null);
        while (!q.isEmpty()) {
            q.addAll(l.onResponse(q.poll().peer(), empty, 1));
        }
        assertTrue(l.isDone());
        assertEquals(5, l.result().closest().size());
        assertEquals(5, l.result().requestsSent());
    }

    @Test
    void closerPeersAreCappedAndSelfIsIgnored() {
        Random random = new Random(3);
        PeerId self = DhtArbitraries.randomPeer(random);
        PeerId seed = DhtArbitraries.randomPeer(random);
        byte[] key = new byte[] {42};
        Lookup l = Lookup.findNode(key).self(self).k(2).alpha(1).seeds(List.of(DhtPeer.of(seed, List.of()))).build();
        l.start(0);
        List<DhtPeer> many = new java.util.ArrayList<>();
        many.add(DhtPeer.of(self, List.of()));
        DhtArbitraries.randomPeers(random, 10).forEach(p -> many.add(DhtPeer.of(p, List.of())));
        l.onResponse(seed, DhtMessage.findNode(key).reply(null).withCloserPeers(many), 1);
        // 2k = 4 entries read, one of them ourselves: three peers learnt, all but the seed unasked.
        long known = l.inFlight().size();
        assertEquals(1, known);
        assertTrue(l.inFlight().stream().noneMatch(self::equals));
    }
}
