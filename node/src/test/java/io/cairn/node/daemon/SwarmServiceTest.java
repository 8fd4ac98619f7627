package io.cairn.node.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.network.host.Host;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmServiceTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    @Test
    void listensOnTcpDialsBootstrapPeersAndRemembersThemAcrossRestarts() throws Exception {
        try (Host seed = Host.builder(Ed25519KeyPair.generate(RANDOM))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).start()) {
            String seedAddr = seed.listenAddresses().get(0).encapsulate(Component.p2p(seed.peerId())).toString();
            Path peers = tmp.resolve("peers");
            Ed25519KeyPair identity = Ed25519KeyPair.generate(RANDOM);
            SwarmService swarm = SwarmService.start(List.of("/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/udp/0/quic-v1"),
                    List.of(seedAddr), identity, "cairn/test", peers, new io.cairn.core.block.MemoryBlockStore());
            try {
                assertEquals(1, swarm.listenAddresses().size(), "the QUIC address is skipped");
                assertEquals("Swarm", swarm.name());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (swarm.host().connection(seed.peerId()).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(swarm.host().connection(seed.peerId()).isPresent(), "bootstrap peer dialed");
            } finally {
                swarm.close();
            }
            assertTrue(Files.readString(peers).startsWith(seed.peerId().toString()));
            SwarmService again = SwarmService.start(List.of("/ip4/127.0.0.1/tcp/0"), List.of(), identity,
                    "cairn/test", peers, new io.cairn.core.block.MemoryBlockStore());
            try {
                assertEquals(seed.listenAddresses(), again.host().peerStore().addresses(seed.peerId()));
                assertEquals(seed.peerId(), again.host().connect(seed.peerId()).get(10, TimeUnit.SECONDS)
                        .remotePeer());
            } finally {
                again.close();
            }
        }
    }

    private static io.cairn.core.multiformats.Cid raw(String s) {
        return io.cairn.core.multiformats.Cid.of(1, io.cairn.core.multiformats.Multicodec.RAW,
                io.cairn.core.multiformats.HashFunction.SHA2_256, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void whatIsAnnouncedIsKeptUnderProvideAndSurvivesARestart() throws Exception {
        Path peers = tmp.resolve("peers");
        Ed25519KeyPair identity = Ed25519KeyPair.generate(RANDOM);
        SwarmService.Options options = new SwarmService.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(),
                "dhtserver", "/cairn-test/kad/1.0.0", true, "roots");
        List<io.cairn.core.multiformats.Cid> roots = List.of(raw("root 1"), raw("root 2"));
        List<io.cairn.core.multiformats.Cid> blocks = List.of(raw("leaf 1"), raw("leaf 2"), raw("leaf 3"));
        SwarmService swarm = SwarmService.start(options, identity, "cairn/test", peers,
                new io.cairn.core.block.MemoryBlockStore());
        try {
            swarm.announce(roots, blocks);
            // No peer to announce to: the keys wait in the queue ("roots": the leaves are not provided).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (swarm.provideStat().keys() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, swarm.provideStat().keys());
            assertEquals(2, swarm.provideStat().queueLength());
        } finally {
            swarm.close();
        }
        assertTrue(Files.isDirectory(tmp.resolve(io.cairn.storage.providers.RocksProvideStore.DIRECTORY)));
        SwarmService again = SwarmService.start(options, identity, "cairn/test", peers,
                new io.cairn.core.block.MemoryBlockStore());
        try {
            assertEquals(2, again.provideStat().keys());
            assertEquals(2, again.provideStat().queueLength());
            again.announce(List.of(raw("root 1"), raw("root 3")), List.of());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (again.provideStat().keys() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(3, again.provideStat().keys(), "root 1 was provided already");
        } finally {
            again.close();
        }
    }

    @Test
    void withdrawnBlocksAreNoLongerProvided() throws Exception {
        SwarmService.Options options = new SwarmService.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(),
                "dhtserver", "/cairn-test/kad/1.0.0", true, "all");
        SwarmService swarm = SwarmService.start(options, Ed25519KeyPair.generate(RANDOM), "cairn/test",
                tmp.resolve("peers"), new MemoryBlockStore());
        try {
            swarm.announce(List.of(raw("root")), List.of(raw("leaf 1"), raw("leaf 2")));
            awaitKeys(swarm, 3);
            swarm.withdraw(List.of(raw("leaf 1").multihash(), raw("never provided").multihash()));
            awaitKeys(swarm, 2);
            swarm.withdraw(List.of(raw("root").multihash(), raw("leaf 2").multihash()));
            awaitKeys(swarm, 0);
            assertEquals(0, swarm.provideStat().queueLength(), "withdrawn keys leave the queue too");
        } finally {
            swarm.close();
        }
    }

    private static void awaitKeys(SwarmService swarm, long keys) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (swarm.provideStat().keys() != keys && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(keys, swarm.provideStat().keys());
    }

    @Test
    void countsBlocksFetchedFromAndServedToPeers() throws Exception {
        MemoryBlockStore storeA = new MemoryBlockStore();
        byte[] data = "served over bitswap".getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data);
        storeA.put(new Block(cid, data));
        SwarmService a = SwarmService.start(List.of("/ip4/127.0.0.1/tcp/0"), List.of(),
                Ed25519KeyPair.generate(RANDOM), "cairn/test", tmp.resolve("peers-a"), storeA);
        try {
            String addrA = a.listenAddresses().get(0).encapsulate(Component.p2p(a.host().peerId())).toString();
            SwarmService b = SwarmService.start(List.of("/ip4/127.0.0.1/tcp/0"), List.of(addrA),
                    Ed25519KeyPair.generate(RANDOM), "cairn/test", tmp.resolve("peers-b"), new MemoryBlockStore());
            try {
                MeterRegistry metricsA = new SimpleMeterRegistry();
                MeterRegistry metricsB = new SimpleMeterRegistry();
                a.bindMetrics(metricsA);
                b.bindMetrics(metricsB);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (b.host().connection(a.host().peerId()).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(0, metricsB.get("cairn.blocks.fetched").functionCounter().count());
                assertArrayEquals(data, b.blockSource().get(cid).get(20, TimeUnit.SECONDS).data());
                assertEquals(1, metricsB.get("cairn.blocks.fetched").functionCounter().count());
                assertEquals(1, metricsA.get("cairn.blocks.served").functionCounter().count());
                assertEquals(0, metricsA.get("cairn.blocks.fetched").functionCounter().count());
                // a second read is local: nothing more is fetched
                b.blockSource().get(cid).get(5, TimeUnit.SECONDS);
                assertEquals(1, metricsB.get("cairn.blocks.fetched").functionCounter().count());
                // without a DHT there is no provide queue to report
                assertNull(metricsA.find("cairn.provide.queue.length").gauge());
            } finally {
                b.close();
            }
        } finally {
            a.close();
        }
    }

    @Test
    void theDhtServersCountersAreMeters() throws Exception {
        SwarmService.Options options = new SwarmService.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(),
                "dhtserver", "/cairn-test/kad/1.0.0", true, "roots");
        SwarmService swarm = SwarmService.start(options, Ed25519KeyPair.generate(RANDOM), "cairn/test",
                tmp.resolve("peers"), new io.cairn.core.block.MemoryBlockStore());
        io.cairn.network.host.Host peer = io.cairn.network.host.Host.builder(Ed25519KeyPair.generate(RANDOM))
                .listen(io.cairn.core.multiaddr.Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).eventLoopThreads(1).start();
        try {
            MeterRegistry metrics = new SimpleMeterRegistry();
            swarm.bindMetrics(metrics);
            assertEquals(0, metrics.get("cairn.dht.requests.malformed").functionCounter().count());
            assertEquals(0, metrics.get("cairn.dht.peers.banned.now").gauge().value());
            peer.connect(swarm.listenAddresses().get(0).encapsulate(Component.p2p(swarm.host().peerId())))
                    .get(10, TimeUnit.SECONDS);
            io.cairn.network.host.P2pStream s = peer.newStream(swarm.host().peerId(),
                    List.of("/cairn-test/kad/1.0.0")).get(10, TimeUnit.SECONDS);
            s.writeMessage(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}).get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (metrics.get("cairn.dht.requests.malformed").functionCounter().count() < 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, metrics.get("cairn.dht.requests.malformed").functionCounter().count());
            assertEquals(0, metrics.get("cairn.dht.peers.banned").functionCounter().count());
        } finally {
            peer.close();
            swarm.close();
        }
    }

    @Test
    void aSwarmWithNoTcpAddressIsAConfigError() {
        assertThrows(DaemonConfigException.class, () -> SwarmService.start(List.of("/ip4/127.0.0.1/udp/4001/quic-v1"),
                List.of(), Ed25519KeyPair.generate(RANDOM), "cairn/test", tmp.resolve("peers"), new io.cairn.core.block.MemoryBlockStore()));
        assertThrows(DaemonConfigException.class, () -> SwarmService.start(List.of("not a multiaddr"),
                List.of(), Ed25519KeyPair.generate(RANDOM), "cairn/test", tmp.resolve("peers"), new io.cairn.core.block.MemoryBlockStore()));
    }
}
