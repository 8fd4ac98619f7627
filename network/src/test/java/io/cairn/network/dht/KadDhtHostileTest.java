package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import io.cairn.network.host.P2pStream;
import io.cairn.network.mux.StreamResetException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Cairn DHT server under a peer that does not play by the rules, over real streams: garbage, oversized frames,
 * unknown types, over-long keys, provider records for someone else, idle and excess streams, long request runs. Each
 * costs the attacker its stream, is counted, and leaves the server answering. A peer that keeps misbehaving, or
 * floods requests past its rate, is banned: dropped from the routing table and refused for the cool-off, while a
 * well-behaved peer next to it keeps being served.
 */
class KadDhtHostileTest {
    private static final String PROTOCOL = "/cairn-hostile/kad/1.0.0";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<Host> hosts = new ArrayList<>();
    private Host serverHost;
    private KadDht server;
    private Host attacker;

    private Host newHost() throws Exception {
        Host h = Host.builder(Ed25519KeyPair.generate(RANDOM)).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .eventLoopThreads(1).start();
        hosts.add(h);
        return h;
    }

    @BeforeEach
    void start() throws Exception {
        serverHost = newHost();
        server = KadDht.builder(serverHost).protocol(PROTOCOL).mode(DhtMode.SERVER).loopbackNetwork(true)
                .maxInboundStreams(4, 64).streamIdleTimeout(Duration.ofSeconds(1)).build();
        server.start();
        attacker = newHost();
        attacker.connect(serverHost.listenAddresses().get(0).encapsulate(Component.p2p(serverHost.peerId())))
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        server.close();
        hosts.forEach(Host::close);
    }

    private P2pStream stream() throws Exception {
        return attacker.newStream(serverHost.peerId(), List.of(PROTOCOL)).get(10, TimeUnit.SECONDS);
    }

    private static DhtMessage ask(P2pStream s, DhtMessage request) throws Exception {
        s.writeMessage(DhtMessageCodec.encode(request)).get(10, TimeUnit.SECONDS);
        byte[] reply = s.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).get(10, TimeUnit.SECONDS);
        assertNotNull(reply, "no answer to " + request);
        return DhtMessageCodec.decode(reply);
    }

    /** The server resets the stream: the next read fails (or, at worst, sees the end without an answer). */
    private static void assertReset(P2pStream s) throws Exception {
        try {
            byte[] m = s.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).get(10, TimeUnit.SECONDS);
            assertEquals(null, m, "the server answered instead of resetting");
        } catch (ExecutionException expected) {
            // reset, as go does when a handler fails
        }
        s.closeFuture().get(10, TimeUnit.SECONDS);
    }

    private void assertStillServes() throws Exception {
        P2pStream s = stream();
        DhtMessage r = ask(s, DhtMessage.findNode(attacker.peerId().toBytes()));
        assertEquals(MessageType.FIND_NODE, r.type());
        s.closeWrite();
    }

    private static void awaitCount(LongSupplier counter, long atLeast) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.getAsLong() < atLeast && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(counter.getAsLong() >= atLeast, "counter stayed at " + counter.getAsLong());
    }

    @Test
    void garbageIsAMalformedMessageAndCostsOnlyItsStream() throws Exception {
        P2pStream s = stream();
        s.writeMessage(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02}).get(10, TimeUnit.SECONDS);
        assertReset(s);
        awaitCount(() -> server.stats().malformed(), 1);
        assertStillServes();
    }

    @Test
    void anUnknownMessageTypeIsMalformed() throws Exception {
        P2pStream s = stream();
        s.writeMessage(new byte[] {0x08, 0x09}).get(10, TimeUnit.SECONDS); // type = 9
        assertReset(s);
        awaitCount(() -> server.stats().malformed(), 1);
        assertStillServes();
    }

    @Test
    void aLengthPrefixOverFourMebibytesIsRefusedBeforeItsBytesArrive() throws Exception {
        P2pStream s = stream();
        // uvarint 4 MiB + 1, then only a few bytes: the server must not wait for (or buffer) the rest
        s.write(new byte[] {(byte) 0x81, (byte) 0x80, (byte) 0x80, 0x02, 1, 2, 3}).get(10, TimeUnit.SECONDS);
        assertReset(s);
        awaitCount(() -> server.stats().malformed(), 1);
        assertStillServes();
    }

    @Test
    void keysOverEightyBytesAreRefusedAndEightyAreServed() throws Exception {
        P2pStream ok = stream();
        assertEquals(MessageType.FIND_NODE, ask(ok, DhtMessage.findNode(new byte[80])).type());
        ok.closeWrite();
        for (MessageType t : List.of(MessageType.FIND_NODE, MessageType.GET_PROVIDERS, MessageType.GET_VALUE)) {
            P2pStream s = stream();
            s.writeMessage(DhtMessageCodec.encode(DhtMessage.request(t, new byte[81]))).get(10, TimeUnit.SECONDS);
            assertReset(s);
        }
        awaitCount(() -> server.stats().requestsRefused(), 3);
        assertStillServes();
    }

    @Test
    void aProviderRecordNamingAnotherPeerIsRefusedAndOneNamingTheSenderIsKept() throws Exception {
        Multihash key = Multihash.digest(HashFunction.SHA2_256, new byte[] {1, 2, 3});
        PeerId victim = Ed25519KeyPair.generate(RANDOM).peerId();
        List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
        P2pStream s = stream();
        s.writeMessage(DhtMessageCodec.encode(DhtMessage.addProvider(key, DhtPeer.of(victim, addrs))))
                .get(10, TimeUnit.SECONDS);
        assertReset(s);
        awaitCount(() -> server.stats().requestsRefused(), 1);
        assertEquals(List.of(), server.findProviders(key, 5).get(10, TimeUnit.SECONDS));

        P2pStream honest = stream();
        honest.writeMessage(DhtMessageCodec.encode(DhtMessage.addProvider(key,
                DhtPeer.of(attacker.peerId(), attacker.listenAddresses())))).get(10, TimeUnit.SECONDS);
        honest.closeWrite(); // ADD_PROVIDER gets no answer; the server then ends the stream cleanly
        assertEquals(null, honest.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).get(10, TimeUnit.SECONDS));
        assertEquals(List.of(attacker.peerId()), server.findProviders(key, 5).get(10, TimeUnit.SECONDS));
    }

    @Test
    void streamsPastThePerPeerLimitAreResetAndIdleOnesTimeOut() throws Exception {
        List<CompletableFuture<P2pStream>> opening = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // a refused stream may be reset before or after our side saw the negotiation end
            opening.add(attacker.newStream(serverHost.peerId(), List.of(PROTOCOL)));
        }
        awaitCount(() -> server.stats().streamsRefused(), 16);
        assertEquals(16, server.stats().streamsRefused());
        // the four admitted ones sit idle and are reset after the one-second idle limit
        for (CompletableFuture<P2pStream> f : opening) {
            P2pStream s = f.handle((x, e) -> x).get(10, TimeUnit.SECONDS);
            if (s != null) {
                s.closeFuture().get(10, TimeUnit.SECONDS);
            }
        }
        awaitCount(() -> server.stats().streamsTimedOut(), 4);
        assertStillServes();
    }

    @Test
    void aLongRunOfRequestsOnOneStreamIsAnsweredOneByOneInOrder() throws Exception {
        P2pStream s = stream();
        for (int i = 0; i < 300; i++) {
            byte[] key = new byte[] {(byte) i, (byte) (i >> 8), 7};
            MessageType type = i % 2 == 0 ? MessageType.FIND_NODE : MessageType.GET_VALUE;
            DhtMessage r = ask(s, DhtMessage.request(type, key));
            assertEquals(type, r.type(), "answer " + i);
            if (type == MessageType.GET_VALUE) {
                // GET_VALUE answers echo the key, so an answer to another request would show here
                assertTrue(java.util.Arrays.equals(key, r.key()), "answer " + i + " is for another request");
            }
        }
        s.closeWrite();
        assertEquals(null, s.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).get(10, TimeUnit.SECONDS));
        assertEquals(300, server.stats().requestsAnswered());
    }

    @Test
    void pipelinedRequestsAreAllAnsweredInOrder() throws Exception {
        P2pStream s = stream();
        int n = 50;
        for (int i = 0; i < n; i++) {
            s.writeMessage(DhtMessageCodec.encode(DhtMessage.getValue(new byte[] {'/', 'x', '/', (byte) i})));
        }
        s.closeWrite();
        for (int i = 0; i < n; i++) {
            byte[] reply = s.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).get(10, TimeUnit.SECONDS);
            assertEquals(i, DhtMessageCodec.decode(reply).key()[3]);
        }
        assertEquals(null, s.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).get(10, TimeUnit.SECONDS));
    }

    /** A host running a DHT server on the test protocol, known to the server's routing table once bootstrapped. */
    private KadDht dhtPeer(List<KadDht> started) throws Exception {
        Host h = newHost();
        KadDht d = KadDht.builder(h).protocol(PROTOCOL).mode(DhtMode.SERVER).loopbackNetwork(true)
                .bootstrapPeer(serverHost.listenAddresses().get(0).encapsulate(Component.p2p(serverHost.peerId())))
                .build();
        d.start();
        started.add(d);
        d.bootstrap().get(20, TimeUnit.SECONDS);
        awaitCount(() -> inServerTable(h.peerId()) ? 1 : 0, 1);
        return d;
    }

    private boolean inServerTable(PeerId p) {
        try {
            return server.routingTablePeers().get(10, TimeUnit.SECONDS).contains(p);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Host hostOf(KadDht d) {
        for (Host h : hosts) {
            if (d.toString().contains(h.peerId().toString())) {
                return h;
            }
        }
        throw new AssertionError(d.toString());
    }

    /** Whether {@code from} gets a FIND_NODE answered by the server on a new stream (false: the stream is reset). */
    private boolean served(Host from) {
        try {
            P2pStream s = from.newStream(serverHost.peerId(), List.of(PROTOCOL)).get(10, TimeUnit.SECONDS);
            s.writeMessage(DhtMessageCodec.encode(DhtMessage.findNode(from.peerId().toBytes())))
                    .get(10, TimeUnit.SECONDS);
            byte[] reply = s.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).get(10, TimeUnit.SECONDS);
            s.closeWrite();
            return reply != null && DhtMessageCodec.decode(reply).type() == MessageType.FIND_NODE;
        } catch (ExecutionException | DhtMessageFormatException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPeerThatKeepsSendingBadMessagesIsBannedDroppedAndRefusedWhileAWellBehavedOneIsServed() throws Exception {
        List<KadDht> peers = new ArrayList<>();
        try {
            KadDht bad = dhtPeer(peers);
            KadDht good = dhtPeer(peers);
            Host badHost = hostOf(bad);
            Host goodHost = hostOf(good);
            // One mistake is forgiven: the stream is reset, the peer stays.
            P2pStream first = badHost.newStream(serverHost.peerId(), List.of(PROTOCOL)).get(10, TimeUnit.SECONDS);
            first.writeMessage(new byte[] {0x08, 0x09}).get(10, TimeUnit.SECONDS); // unknown type 9
            assertReset(first);
            assertTrue(served(badHost));
            assertEquals(0, server.stats().peersBanned());
            // Then malformed messages, an over-long key and a record naming another peer, until the ban.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int sent = 0;
            while (server.stats().peersBanned() == 0 && System.nanoTime() < until && sent < 40) {
                P2pStream s = badHost.newStream(serverHost.peerId(), List.of(PROTOCOL)).get(10, TimeUnit.SECONDS);
                byte[] bad1 = switch (sent++ % 3) {
                    case 0 -> new byte[] {(byte) 0xff, (byte) 0xff, 0x01};
                    case 1 -> DhtMessageCodec.encode(DhtMessage.request(MessageType.GET_VALUE, new byte[81]));
                    default -> DhtMessageCodec.encode(DhtMessage.addProvider(
                            Multihash.digest(HashFunction.SHA2_256, new byte[] {(byte) sent}),
                            DhtPeer.of(goodHost.peerId(), goodHost.listenAddresses())));
                };
                try {
                    s.writeMessage(bad1).get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // The ban can land between the check above and this write: the server then resets the new
                    // stream before the message is written (seen once in CI).
                    assertTrue(e.getCause() instanceof StreamResetException, e.toString());
                }
                assertReset(s);
            }
            DhtStats st = server.stats();
            assertEquals(1, st.peersBanned(), st.toString());
            assertEquals(1, st.peersBannedNow(), st.toString());
            assertTrue(sent <= 10, "banned only after " + sent + " bad messages");
            awaitCount(() -> inServerTable(badHost.peerId()) ? 0 : 1, 1);
            // Refused: every new stream is reset at once, and identify does not bring it back into the table.
            long refusedBefore = server.stats().streamsRefused();
            assertEquals(false, served(badHost));
            assertTrue(server.stats().streamsRefused() > refusedBefore);
            bad.bootstrap().get(20, TimeUnit.SECONDS);
            assertEquals(false, inServerTable(badHost.peerId()));
            // The well-behaved peer was served throughout and stays in the table.
            for (int i = 0; i < 100; i++) {
                assertTrue(served(goodHost), "request " + i + " of the well-behaved peer");
            }
            assertTrue(inServerTable(goodHost.peerId()));
            assertEquals(1, server.stats().peersBanned());
        } finally {
            peers.forEach(KadDht::close);
        }
    }

    @Test
    void aFloodIsHeldToThePeersRateThenAStreamFloodIsBannedWhileAWellBehavedPeerIsServed() throws Exception {
        server.close();
        server = KadDht.builder(serverHost).protocol(PROTOCOL).mode(DhtMode.SERVER).loopbackNetwork(true)
                .maxInboundStreams(4, 64).peerLimits(20, 40, Duration.ofSeconds(2)).build();
        server.start();
        List<KadDht> peers = new ArrayList<>();
        try {
            Host flooder = hostOf(dhtPeer(peers));
            Host good = hostOf(dhtPeer(peers));
            // 100 pipelined requests: the burst is answered at once, the rest at 20 a second; none is lost.
            P2pStream s = flooder.newStream(serverHost.peerId(), List.of(PROTOCOL)).get(10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                s.writeMessage(DhtMessageCodec.encode(DhtMessage.findNode(new byte[] {(byte) i, 1})));
            }
            s.closeWrite();
            CompletableFuture<Integer> answered = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                try {
                    while (s.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).get(30, TimeUnit.SECONDS) != null) {
                        n++;
                    }
                } catch (Exception e) {
                    throw new AssertionError("after " + n + " answers", e);
                }
                return n;
            });
            // Meanwhile a peer within its own rate is served at once.
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                assertTrue(served(good), "request " + i + " of the well-behaved peer");
                assertTrue(System.nanoTime() - t < TimeUnit.SECONDS.toNanos(2), "served late");
                Thread.sleep(200);
            }
            assertEquals(100, answered.get(30, TimeUnit.SECONDS));
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            // 40 at once (less what bootstrap spent), then 60 or more at 20 a second: at least about 3 s
            assertTrue(elapsedMs >= 2_500, "100 requests answered in " + elapsedMs + " ms");
            assertTrue(server.stats().requestsThrottled() >= 55, server.stats().toString());
            assertEquals(0, server.stats().peersBanned());
            // Then it opens streams faster than they are served: the ones past the limit cost points, and a ban.
            List<CompletableFuture<P2pStream>> opened = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.stats().peersBanned() == 0 && System.nanoTime() < until && opened.size() < 300) {
                CompletableFuture<P2pStream> f = flooder.newStream(serverHost.peerId(), List.of(PROTOCOL));
                opened.add(f);
                f.thenAccept(x -> x.writeMessage(DhtMessageCodec.encode(DhtMessage.findNode(new byte[] {2}))));
                if (opened.size() % 10 == 0) {
                    Thread.sleep(20);
                }
            }
            DhtStats st = server.stats();
            assertEquals(1, st.peersBanned(), st.toString());
            assertTrue(st.streamsRefused() >= 50, st.toString());
            for (CompletableFuture<P2pStream> f : opened) {
                P2pStream x = f.handle((v, e) -> v).get(10, TimeUnit.SECONDS);
                if (x != null) {
                    x.closeFuture().handle((v, e) -> v).get(10, TimeUnit.SECONDS); // all reset by the ban
                }
            }
            awaitCount(() -> inServerTable(flooder.peerId()) ? 0 : 1, 1);
            assertEquals(false, served(flooder));
            long bannedAt = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertTrue(served(good), "request " + i + " of the well-behaved peer after the ban");
            }
            assertTrue(inServerTable(good.peerId()));
            // After the cool-off the flooder is served again.
            Thread.sleep(Math.max(0, 2_300 - (System.nanoTime() - bannedAt) / 1_000_000));
            assertTrue(served(flooder), "served after the cool-off");
            assertEquals(0, server.stats().peersBannedNow());
        } finally {
            peers.forEach(KadDht::close);
        }
    }
}
