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
 * costs the attacker its stream, is counted, and leaves the server answering.
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
}
