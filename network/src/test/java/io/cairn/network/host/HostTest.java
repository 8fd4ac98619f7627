package io.cairn.network.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.network.multistream.ProtocolNotSupportedException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two Cairn hosts over real loopback sockets. */
class HostTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<Host> hosts = new ArrayList<>();

    private Host host(java.util.function.UnaryOperator<HostBuilder> tweak) throws Exception {
        Host h = tweak.apply(Host.builder(Ed25519KeyPair.generate(RANDOM))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .eventLoopThreads(2)).start();
        h.handle(Echo.PROTOCOL, Echo::serve);
        hosts.add(h);
        return h;
    }

    private Host host() throws Exception {
        return host(b -> b);
    }

    private static Multiaddr addressOf(Host h) {
        return h.listenAddresses().get(0).encapsulate(Component.p2p(h.peerId()));
    }

    @AfterEach
    void close() {
        hosts.forEach(Host::close);
    }

    @Test
    void hostsConnectIdentifyEachOtherAndPing() throws Exception {
        Host a = host();
        Host b = host();
        Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        assertEquals(b.peerId(), c.remotePeer());
        assertTrue(c.isOutbound());
        PeerInfo info = c.identified().get(10, TimeUnit.SECONDS);
        assertTrue(info.protocols().containsAll(List.of(Echo.PROTOCOL, "/ipfs/id/1.0.0", "/ipfs/ping/1.0.0")));
        assertEquals(b.listenAddresses(), info.listenAddresses());
        assertEquals(c.localAddress(), info.observedAddress());
        assertTrue(a.peerStore().addresses(b.peerId()).contains(b.listenAddresses().get(0)));
        // b learned about a from its own identify of the inbound connection
        Connection back = waitFor(() -> b.connection(a.peerId()).orElse(null));
        assertFalse(back.isOutbound());
        assertEquals(a.peerId(), back.identified().get(10, TimeUnit.SECONDS).peerId());
        assertTrue(a.ping(b.peerId()).get(10, TimeUnit.SECONDS).compareTo(Duration.ofSeconds(5)) < 0);
        assertTrue(b.ping(a.peerId()).get(10, TimeUnit.SECONDS).compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void listenersHearConnectIdentifyPushAndDisconnect() throws Exception {
        Host a = host();
        Host b = host();
        java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        a.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(Connection c) {
                events.add("connected " + c.remotePeer());
            }

            @Override
            public void identified(Connection c, PeerInfo info) {
                events.add("identified " + info.protocols().contains("/late/1.0.0"));
            }

            @Override
            public void disconnected(Connection c) {
                events.add("disconnected " + c.remotePeer());
            }
        });
        Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        assertEquals("connected " + b.peerId(), events.poll(10, TimeUnit.SECONDS));
        assertEquals("identified false", events.poll(10, TimeUnit.SECONDS));
        b.handle("/late/1.0.0", Echo::serve); // identify push tells a
        assertEquals("identified true", events.poll(10, TimeUnit.SECONDS));
        assertTrue(a.peerStore().info(b.peerId()).orElseThrow().protocols().contains("/late/1.0.0"));
        c.close();
        assertEquals("disconnected " + b.peerId(), events.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void oneConnectionPerPeerServesEveryStream() throws Exception {
        Host a = host();
        Host b = host();
        Connection first = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        Connection second = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        assertSame(first, second);
        List<CompletableFuture<Long>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long seed = i;
            runs.add(a.newStream(b.peerId(), List.of(Echo.PROTOCOL)).thenCompose(s -> Echo.run(s, 300_000, seed)));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertEquals(1, a.connections().size());
    }

    @Test
    void aLargeTransferOnOneStreamArrivesIntact() throws Exception {
        Host a = host();
        Host b = host();
        a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        P2pStream s = a.newStream(b.peerId(), List.of(Echo.PROTOCOL)).get(10, TimeUnit.SECONDS);
        assertEquals(32L << 20, Echo.run(s, 32L << 20, 7).get(120, TimeUnit.SECONDS));
    }

    @Test
    void messagesAreLengthPrefixedAndBounded() throws Exception {
        Host a = host();
        Host b = host();
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        CompletableFuture<Throwable> tooBig = new CompletableFuture<>();
        b.handle("/test/msg/1", s -> s.readMessage(16).whenComplete((m, e) -> {
            received.complete(m);
            s.readMessage(16).whenComplete((m2, e2) -> tooBig.complete(e2));
        }));
        a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        P2pStream s = a.newStream(b.peerId(), List.of("/test/msg/1")).get(10, TimeUnit.SECONDS);
        s.writeMessage("hello".getBytes()).get(10, TimeUnit.SECONDS);
        s.writeMessage(new byte[17]).get(10, TimeUnit.SECONDS);
        assertEquals("hello", new String(received.get(10, TimeUnit.SECONDS)));
        assertInstanceOf(io.cairn.network.wire.FrameFormatException.class, tooBig.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anUnsupportedProtocolFailsTheStreamNotTheConnection() throws Exception {
        Host a = host();
        Host b = host();
        Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> c.openStream(List.of("/nobody/1", "/nobody/2")).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ProtocolNotSupportedException.class, e.getCause());
        assertTrue(c.isOpen());
        P2pStream s = c.openStream(List.of("/nobody/1", Echo.PROTOCOL)).get(10, TimeUnit.SECONDS);
        assertEquals(Echo.PROTOCOL, s.protocol());
    }

    @Test
    void dialingTheWrongPeerIdFails() throws Exception {
        Host a = host();
        Host b = host();
        Multiaddr lie = b.listenAddresses().get(0).encapsulate(Component.p2p(
                Ed25519KeyPair.generate(RANDOM).peerId()));
        assertThrows(ExecutionException.class, () -> a.connect(lie).get(10, TimeUnit.SECONDS));
        assertTrue(a.connections().isEmpty());
    }

    @Test
    void garbageOnTheSocketIsDroppedAndCostsNothingElse() throws Exception {
        Host b = host();
        InetSocketAddress target = b.listenAddresses().get(0).toSocketAddress().orElseThrow();
        try (Socket raw = new Socket()) {
            raw.connect(target, 5000);
            raw.setSoTimeout(10_000);
            OutputStream out = raw.getOutputStream();
            byte[] junk = new byte[4096];
            RANDOM.nextBytes(junk);
            junk[0] = 0x13; // a plausible header length, then nonsense
            out.write(junk);
            out.flush();
            InputStream in = raw.getInputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int r = 0;
            while (r >= 0 && System.nanoTime() < deadline) {
                r = in.read(junk);
            }
            assertEquals(-1, r, "the host closes a connection that sends garbage");
        }
        // and it still serves honest peers
        Host a = host();
        assertEquals(b.peerId(), a.connect(addressOf(b)).get(10, TimeUnit.SECONDS).remotePeer());
    }

    @Test
    void inboundConnectionsPastThePerIpLimitAreRefused() throws Exception {
        Host b = host(x -> x.maxConnectionsPerIp(2));
        List<Host> dialers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dialers.add(host());
        }
        dialers.get(0).connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        dialers.get(1).connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        assertThrows(ExecutionException.class, () -> dialers.get(2).connect(addressOf(b)).get(10, TimeUnit.SECONDS));
    }

    @Test
    void anAddressThatCannotBeBoundCostsAWarningUnlessNoneBinds() throws Exception {
        Host first = host();
        Multiaddr taken = first.listenAddresses().get(0);
        Host h = Host.builder(Ed25519KeyPair.generate(RANDOM)).listen(taken)
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).start();
        hosts.add(h);
        assertEquals(1, h.listenAddresses().size());
        assertTrue(!h.listenAddresses().contains(taken));
        assertThrows(java.io.IOException.class,
                () -> Host.builder(Ed25519KeyPair.generate(RANDOM)).listen(taken).start());
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        Host a = host(x -> x.idleTimeout(Duration.ofMillis(300)));
        Host b = host();
        Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        c.identified().get(10, TimeUnit.SECONDS);
        c.closeFuture().get(10, TimeUnit.SECONDS);
        assertFalse(c.isOpen());
    }

    @Test
    void aStalledHandshakeIsCutOffAtTheUpgradeDeadline() throws Exception {
        Host b = host(x -> x.upgradeTimeout(Duration.ofMillis(500)));
        InetSocketAddress target = b.listenAddresses().get(0).toSocketAddress().orElseThrow();
        try (Socket raw = new Socket()) {
            raw.connect(target, 5000);
            raw.setSoTimeout(10_000);
            InputStream in = raw.getInputStream();
            byte[] buf = new byte[1024];
            int r = 0;
            long start = System.nanoTime();
            while (r >= 0) {
                r = in.read(buf);
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(9));
        }
    }

    @Test
    void aStreamOpenedWhileTheRemoteClosesTheConnectionIsOpenedAgainOnAFreshOne() throws Exception {
        Host a = host();
        Host b = host();
        for (int i = 0; i < 20; i++) {
            Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
            c.identified().get(10, TimeUnit.SECONDS);
            Connection back = waitFor(() -> b.connection(a.peerId()).orElse(null));
            back.close(); // b trims the connection (an idle trim, say) ...
            // ... while a, which may not have seen it go yet, opens a stream to b: it must not fail.
            P2pStream s = a.newStream(b.peerId(), List.of(Echo.PROTOCOL)).get(10, TimeUnit.SECONDS);
            assertEquals(1000L, Echo.run(s, 1000, i).get(10, TimeUnit.SECONDS), "round " + i);
            s.closeFuture().get(10, TimeUnit.SECONDS);
            a.connection(b.peerId()).ifPresent(Connection::close);
            waitFor(() -> b.connection(a.peerId()).isEmpty() ? Boolean.TRUE : null);
        }
    }

    private static <T> T waitFor(java.util.function.Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            T t = probe.get();
            if (t != null) {
                return t;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("condition not reached in 10 s");
    }
}
