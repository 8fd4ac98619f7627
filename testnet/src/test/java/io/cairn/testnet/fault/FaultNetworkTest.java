package io.cairn.testnet.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.testnet.inproc.InProcessNode;
import io.cairn.testnet.inproc.InProcessTestnet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fault layer on real in-process nodes: latency shows in round trips, a partition hides a provider until it is
 * healed, and lookups survive connection resets. Each test starts and closes its own small testnet.
 */
class FaultNetworkTest {
    private static final long SEED = 20261122L;

    private static Set<PeerId> ids(List<InProcessNode> nodes) {
        Set<PeerId> out = new HashSet<>();
        nodes.forEach(n -> out.add(n.peerId()));
        return out;
    }

    private static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void addedLatencyShowsInEveryRoundTripAndGoesWhenRemoved() throws Exception {
        try (InProcessTestnet net = InProcessTestnet.builder().nodes(2).seed(SEED).start()) {
            InProcessNode a = net.node(0);
            InProcessNode b = net.node(1);
            Duration before = a.host().ping(b.peerId()).get(10, TimeUnit.SECONDS);
            assertTrue(before.toMillis() < 100, "loopback ping took " + before);

            net.faults().plan(FaultPlan.NONE.withLatency(Duration.ofMillis(100), Duration.ofMillis(20)));
            for (int i = 0; i < 3; i++) {
                // one way is held 100..120 ms, so a ping (there and back) takes at least 200 ms
                Duration rtt = a.host().ping(b.peerId()).get(10, TimeUnit.SECONDS);
                assertTrue(rtt.toMillis() >= 200, "ping with 100 ms each way took " + rtt);
                assertTrue(rtt.toMillis() < 2_000, "ping took " + rtt);
            }
            assertTrue(net.faults().stats().delayedWrites() >= 6);

            net.faults().plan(FaultPlan.NONE);
            Duration after = a.host().ping(b.peerId()).get(10, TimeUnit.SECONDS);
            assertTrue(after.toMillis() < 100, "ping after removing the latency took " + after);
        }
    }

    @Test
    void lossDelaysWritesByTheRetransmitTimeoutWithoutBreakingTheConnection() throws Exception {
        try (InProcessTestnet net = InProcessTestnet.builder().nodes(2).seed(SEED).start()) {
            InProcessNode a = net.node(0);
            InProcessNode b = net.node(1);
            net.faults().plan(FaultPlan.NONE.withLoss(1.0, Duration.ofMillis(150)));
            Duration rtt = a.host().ping(b.peerId()).get(10, TimeUnit.SECONDS);
            assertTrue(rtt.toMillis() >= 300, "every write retransmitted once each way, yet ping took " + rtt);
            assertTrue(net.faults().stats().retransmits() >= 2);
            net.faults().plan(FaultPlan.NONE);
            assertTrue(a.host().connection(b.peerId()).isPresent(), "loss must not close the connection");
        }
    }

    @Test
    void aPartitionHidesAProviderUntilItIsHealed() throws Exception {
        try (InProcessTestnet net = InProcessTestnet.builder().nodes(8).seed(SEED).start()) {
            List<InProcessNode> groupA = net.nodes().subList(0, 4);
            List<InProcessNode> groupB = net.nodes().subList(4, 8);
            net.faults().plan(FaultPlan.NONE.withPartition(List.of(ids(groupA), ids(groupB))));
            for (InProcessNode a : groupA) {
                for (InProcessNode b : groupB) {
                    assertTrue(a.host().connection(b.peerId()).isEmpty(), "connection across the partition");
                }
            }
            InProcessNode provider = groupB.get(1);
            byte[] data = content(50_000, SEED);
            Cid cid = provider.add(data, 30_000); // announced to group B only
            Multihash key = cid.multihash();

            InProcessNode seeker = groupA.get(2);
            List<PeerId> during = seeker.dht().findProviders(key, 5).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), during, "found a provider across the partition");
            assertTrue(seeker.host().connect(provider.peerId()).handle((c, e) -> e != null).get(10, TimeUnit.SECONDS),
                    "dialed across the partition");
            assertTrue(net.faults().stats().refusedConnections() > 0);

            net.faults().plan(net.faults().plan().healed());
            // A's nodes dropped B's from their tables while B was unreachable; the periodic refresh brings them
            // back, which a bootstrap round does at once.
            for (InProcessNode n : net.nodes()) {
                n.dht().bootstrap().get(30, TimeUnit.SECONDS);
            }
            List<PeerId> after = seeker.dht().findProviders(key, 5).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(provider.peerId()), after);
            assertArrayEquals(data, seeker.fetch(cid));
        }
    }

    @Test
    void lookupsAndFetchesSucceedWhileConnectionsAreReset() throws Exception {
        try (InProcessTestnet net = InProcessTestnet.builder().nodes(10).seed(SEED).start()) {
            InProcessNode provider = net.node(3);
            byte[] data = content(300_000, SEED + 1);
            Cid cid = provider.add(data, 30_000);
            // seekers that joined after the announcement: they hold no record themselves, so they must ask
            List<InProcessNode> seekers = List.of(net.addNode(), net.addNode());
            for (InProcessNode s : seekers) {
                s.dht().bootstrap().get(30, TimeUnit.SECONDS);
            }
            net.faults().plan(FaultPlan.NONE.withResetRate(0.02).withLatency(Duration.ofMillis(5),
                    Duration.ofMillis(5)));
            Random keys = new Random(SEED);
            for (InProcessNode s : seekers) {
                for (int i = 0; i < 4; i++) {
                    List<PeerId> found = s.dht().findProviders(cid.multihash(), 5).get(30, TimeUnit.SECONDS);
                    assertTrue(found.contains(provider.peerId()), "lookup " + i + " from " + s + " found " + found);
                    byte[] random = new byte[32];
                    keys.nextBytes(random);
                    int closest = s.dht().getClosestPeers(random).get(30, TimeUnit.SECONDS).size();
                    // A peer whose request failed leaves the routing table (as in go-libp2p-kad-dht), so under
                    // resets the tables shrink until the next refresh; a lookup still finds someone.
                    assertTrue(closest >= 1, "lookup " + i + " from " + s + " found no peer");
                }
            }
            assertTrue(net.faults().stats().resets() > 0, "no connection was reset: " + net.faults().stats());
            assertArrayEquals(data, seekers.get(0).fetch(cid));

            // without faults, one refresh round fills the tables again
            net.faults().plan(FaultPlan.NONE);
            for (InProcessNode n : net.nodes()) {
                n.dht().bootstrap().get(30, TimeUnit.SECONDS);
            }
            for (InProcessNode s : seekers) {
                int closest = s.dht().getClosestPeers(new byte[32]).get(30, TimeUnit.SECONDS).size();
                assertTrue(closest >= 8, s + " found only " + closest + " of 11 peers after the refresh");
            }
        }
    }
}
