package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.network.testing.NettyLeakCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static final List<Multiaddr> LOOPBACK = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));

    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    private static List<Multiaddr> ip(String a) {
        return List.of(Multiaddr.parse("/ip4/" + a + "/tcp/4001"));
    }

    /** Random adds and removes: buckets never exceed k, each peer sits in its bucket, closest() is a true sort. */
    @Property(tries = 40)
    void invariantsHoldAndClosestIsTheBruteForceSort(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int k,
            @ForAll @IntRange(min = 0, max = 600) int adds) {
        Random random = new Random(seed);
        PeerId self = DhtArbitraries.randomPeer(random);
        RoutingTable t = RoutingTable.builder(self).bucketSize(k).diversityFilter(false).build();
        Set<PeerId> model = new HashSet<>();
        List<PeerId> all = new ArrayList<>();
        for (int i = 0; i < adds; i++) {
            if (!all.isEmpty() && random.nextInt(4) == 0) {
                PeerId gone = all.get(random.nextInt(all.size()));
                assertEquals(model.remove(gone), t.remove(gone));
            } else {
                PeerId p = DhtArbitraries.randomPeer(random);
                all.add(p);
                RoutingTable.AddResult r = t.tryAdd(p, LOOPBACK, true, i);
                if (r == RoutingTable.AddResult.ADDED) {
                    model.add(p);
                }
            }
            // A removal may promote a replacement candidate: the table, not the model, is then the truth.
            model.retainAll(t.peers());
            model.addAll(t.peers());
        }
        assertEquals(model.size(), t.size());
        assertEquals(model, new HashSet<>(t.peers()));
        Key local = Key.forPeer(self);
        for (int b = 0; b < t.bucketCount(); b++) {
            assertTrue(t.bucket(b).size() <= k);
            for (PeerId p : t.bucket(b)) {
                int cpl = Key.forPeer(p).commonPrefixLength(local);
                assertEquals(b, Math.min(cpl, t.bucketCount() - 1));
            }
        }
        Key target = Key.fromHash(DhtArbitraries.randomPeer(random).multihash().digest());
        int n = random.nextInt(30) + 1;
        List<PeerId> brute = t.peers().stream()
                .sorted(Comparator.comparing(Key::forPeer, Key.byDistanceTo(target))).limit(n).toList();
        assertEquals(brute, t.closest(target, n));
    }

    @Test
    void fullBucketKeepsLivePeersAndPromotesAReplacementOnEviction() {
        Random random = new Random(5);
        PeerId self = DhtArbitraries.randomPeer(random);
        Key local = Key.forPeer(self);
        RoutingTable t = RoutingTable.builder(self).bucketSize(2).diversityFilter(false).build();
        // Three peers of prefix length 0 with the local key: the bucket of length 0 takes two.
        List<PeerId> zero = new ArrayList<>();
        while (zero.size() < 3) {
            PeerId p = DhtArbitraries.randomPeer(random);
            if (Key.forPeer(p).commonPrefixLength(local) == 0) {
                zero.add(p);
            }
        }
        // Fill deeper buckets so bucket 0 is a dedicated one, not the splittable last one.
        int deeper = 0;
        while (deeper < 2) {
            PeerId p = DhtArbitraries.randomPeer(random);
            if (Key.forPeer(p).commonPrefixLength(local) >= 1 && t.tryAdd(p, LOOPBACK, true, 0)
                    == RoutingTable.AddResult.ADDED) {
                deeper++;
            }
        }
        assertEquals(RoutingTable.AddResult.ADDED, t.tryAdd(zero.get(0), LOOPBACK, true, 0));
        assertEquals(RoutingTable.AddResult.ADDED, t.tryAdd(zero.get(1), LOOPBACK, true, 0));
        assertEquals(RoutingTable.AddResult.BUCKET_FULL, t.tryAdd(zero.get(2), LOOPBACK, true, 0));
        assertFalse(t.contains(zero.get(2)));
        assertEquals(List.of(zero.get(2)), t.replacementCandidates(0));
        assertEquals(RoutingTable.AddResult.ALREADY_PRESENT, t.tryAdd(zero.get(0), LOOPBACK, true, 5));
        // The driver probed zero[1]: it failed to answer and is evicted; the candidate takes its place.
        t.markAnswered(zero.get(0), 10);
        assertTrue(t.notAnsweredSince(5).contains(zero.get(1)));
        assertFalse(t.notAnsweredSince(5).contains(zero.get(0)));
        assertTrue(t.remove(zero.get(1)));
        assertTrue(t.contains(zero.get(2)));
        assertEquals(List.of(), t.replacementCandidates(0));
    }

    @Test
    void replaceablePeersGiveWayToNewcomers() {
        Random random = new Random(6);
        PeerId self = DhtArbitraries.randomPeer(random);
        RoutingTable t = RoutingTable.builder(self).bucketSize(1).diversityFilter(false).build();
        Key local = Key.forPeer(self);
        List<PeerId> zero = new ArrayList<>();
        PeerId deep = null;
        while (zero.size() < 2 || deep == null) {
            PeerId p = DhtArbitraries.randomPeer(random);
            int cpl = Key.forPeer(p).commonPrefixLength(local);
            if (cpl == 0 && zero.size() < 2) {
                zero.add(p);
            } else if (cpl > 0 && deep == null) {
                deep = p;
            }
        }
        t.tryAdd(deep, LOOPBACK, true, 0);
        assertEquals(RoutingTable.AddResult.ADDED, t.tryAdd(zero.get(0), LOOPBACK, true, true, 0));
        assertEquals(RoutingTable.AddResult.ADDED, t.tryAdd(zero.get(1), LOOPBACK, true, 0));
        assertFalse(t.contains(zero.get(0)));
    }

    @Test
    void onlyServersAndNeverSelf() {
        PeerId self = DhtArbitraries.peerId(new byte[32]);
        RoutingTable t = RoutingTable.builder(self).build();
        assertEquals(RoutingTable.AddResult.REJECTED_SELF, t.tryAdd(self, ip("1.2.3.4"), true, 0));
        PeerId client = DhtArbitraries.peerId(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertEquals(RoutingTable.AddResult.REJECTED_NOT_SERVER, t.tryAdd(client, ip("1.2.3.4"), false, 0));
        assertEquals(0, t.size());
    }

    @Test
    void diversityFilterAdmitsTwoPerPrefixLengthAndThreePerTableFromOneSlash16() {
        Random random = new Random(9);
        PeerId self = DhtArbitraries.randomPeer(random);
        Key local = Key.forPeer(self);
        RoutingTable t = RoutingTable.builder(self).build();
        List<List<PeerId>> byCpl = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byCpl.add(new ArrayList<>());
        }
        while (byCpl.get(0).size() < 3 || byCpl.get(1).size() < 1 || byCpl.get(2).size() < 1) {
            PeerId p = DhtArbitraries.randomPeer(random);
            int cpl = Key.forPeer(p).commonPrefixLength(local);
            if (cpl < 3) {
                byCpl.get(cpl).add(p);
            }
        }
        assertEquals(RoutingTable.AddResult.ADDED, t.tryAdd(byCpl.get(0).get(0), ip("5.6.1.1"), true, 0));
        assertEquals(RoutingTable.AddResult.ADDED, t.tryAdd(byCpl.get(0).get(1), ip("5.6.2.2"), true, 0));
        assertEquals(RoutingTable.AddResult.REJECTED_DIVERSITY, t.tryAdd(byCpl.get(0).get(2), ip("5.6.3.3"), true, 0));
        assertEquals(RoutingTable.AddResult.ADDED, t.tryAdd(byCpl.get(0).get(2), ip("5.7.3.3"), true, 0));
        assertEquals(RoutingTable.AddResult.ADDED, t.tryAdd(byCpl.get(1).get(0), ip("5.6.4.4"), true, 0));
        assertEquals(RoutingTable.AddResult.REJECTED_DIVERSITY, t.tryAdd(byCpl.get(2).get(0), ip("5.6.5.5"), true, 0));
        // No IP address, no group: refused while the filter is on.
        assertEquals(RoutingTable.AddResult.REJECTED_DIVERSITY, t.tryAdd(byCpl.get(2).get(0),
                List.of(Multiaddr.parse("/dns4/example.org/tcp/1")), true, 0));
        // Removing one frees its slot.
        t.remove(byCpl.get(1).get(0));
        assertEquals(RoutingTable.AddResult.ADDED, t.tryAdd(byCpl.get(2).get(0), ip("5.6.5.5"), true, 0));
    }

    @Test
    void loopbackNetworksTurnTheFilterOff() {
        Random random = new Random(10);
        RoutingTable on = RoutingTable.builder(DhtArbitraries.randomPeer(random)).bucketSize(50).build();
        RoutingTable off = RoutingTable.builder(DhtArbitraries.randomPeer(random)).bucketSize(50)
                .diversityFilter(false).build();
        for (int i = 0; i < 50; i++) {
            PeerId p = DhtArbitraries.randomPeer(random);
            on.tryAdd(p, LOOPBACK, true, 0);
            off.tryAdd(p, LOOPBACK, true, 0);
        }
        assertEquals(3, on.size());
        assertEquals(50, off.size());
    }

    @Test
    void ipv6GroupsBySlash32() {
        assertEquals(IpGroupFilter.groupsOf(List.of(Multiaddr.parse("/ip6/2001:db8:1::1/tcp/1"))),
                IpGroupFilter.groupsOf(List.of(Multiaddr.parse("/ip6/2001:db8:ffff::2/udp/1/quic-v1"))));
        assertFalse(IpGroupFilter.groupsOf(List.of(Multiaddr.parse("/ip6/2001:db8::1/tcp/1")))
                .equals(IpGroupFilter.groupsOf(List.of(Multiaddr.parse("/ip6/2001:db9::1/tcp/1")))));
    }
}
