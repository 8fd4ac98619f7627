package io.cairn.network.bitswap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.network.bitswap.BitswapMessage.Entry;
import io.cairn.network.bitswap.BitswapMessage.Presence;
import io.cairn.network.bitswap.BitswapMessage.PresenceType;
import io.cairn.network.bitswap.BitswapMessage.WantType;
import io.cairn.network.host.Host;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cairn hosts running Bitswap over real loopback sockets, with honest, corrupt, silent and vanishing peers. */
class BitswapTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Host host() throws Exception {
        Host h = Host.builder(Ed25519KeyPair.generate(RANDOM))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .eventLoopThreads(1).start();
        open.add(h);
        return h;
    }

    private HostBitswap bitswap(Host h, MemoryBlockStore store, UnaryOperator<BitswapBuilder> tweak) {
        HostBitswap b = (HostBitswap) tweak.apply(Bitswap.builder(h, store)
                .wantTimeout(Duration.ofMillis(500))
                .providerSearchDelay(Duration.ofMillis(200))
                .fetchTimeout(Duration.ofSeconds(30))
                .ioThreads(2)).start();
        open.add(b);
        return b;
    }

    private HostBitswap bitswap(Host h, MemoryBlockStore store) {
        return bitswap(h, store, b -> b);
    }

    private static void connect(Host from, Host to) throws Exception {
        from.connect(to.listenAddresses().get(0).encapsulate(Component.p2p(to.peerId())))
                .thenCompose(c -> c.identified()).get(10, TimeUnit.SECONDS);
        waitUntil(() -> to.connection(from.peerId()).map(c -> c.identified().isDone()).orElse(false));
    }

    private static List<Block> randomBlocks(int n, int maxSize, long seed) {
        Random r = new Random(seed);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] data = new byte[1 + r.nextInt(maxSize)];
            r.nextBytes(data);
            Multicodec codec = i % 2 == 0 ? Multicodec.RAW : Multicodec.DAG_PB;
            blocks.add(new Block(Cid.of(i % 3 == 0 && codec == Multicodec.DAG_PB ? 0 : 1, codec,
                    HashFunction.SHA2_256, data), data));
        }
        return blocks;
    }

    private static MemoryBlockStore storeWith(List<Block> blocks) {
        MemoryBlockStore s = new MemoryBlockStore();
        blocks.forEach(s::put);
        return s;
    }

    private static void assertFetched(List<Block> expected, List<CompletableFuture<Block>> fetches) throws Exception {
        for (int i = 0; i < expected.size(); i++) {
            Block got = fetches.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(expected.get(i).cid(), got.cid());
            assertArrayEquals(expected.get(i).data(), got.data());
        }
    }

    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void fetchesOneBlockFromAConnectedPeer() throws Exception {
        List<Block> blocks = randomBlocks(1, 100_000, 1);
        Host a = host();
        Host b = host();
        bitswap(a, storeWith(blocks));
        HostBitswap client = bitswap(b, new MemoryBlockStore());
        connect(b, a);
        assertFetched(blocks, List.of(client.get(blocks.get(0).cid())));
    }

    @Test
    void fetchesTwoHundredBlocksConcurrentlyInOneSession() throws Exception {
        List<Block> blocks = randomBlocks(200, 64 * 1024, 2);
        Host a = host();
        Host b = host();
        bitswap(a, storeWith(blocks));
        HostBitswap client = bitswap(b, new MemoryBlockStore(), x -> x.maxOutstandingPerSession(32));
        connect(b, a);
        try (BitswapSession s = client.newSession()) {
            List<CompletableFuture<Block>> fetches = new ArrayList<>();
            blocks.forEach(bl -> fetches.add(s.get(bl.cid())));
            assertFetched(blocks, fetches);
        }
    }

    @Test
    void threeHostsSplitTheBlocksAndTheClientDrawsFromBoth() throws Exception {
        List<Block> blocks = randomBlocks(200, 32 * 1024, 3);
        Host a = host();
        Host b = host();
        Host c = host();
        bitswap(a, storeWith(blocks.subList(0, 100)));
        bitswap(b, storeWith(blocks.subList(100, 200)));
        HostBitswap client = bitswap(c, new MemoryBlockStore());
        connect(c, a);
        connect(c, b);
        try (BitswapSession s = client.newSession()) {
            List<CompletableFuture<Block>> fetches = new ArrayList<>();
            blocks.forEach(bl -> fetches.add(s.get(bl.cid())));
            assertFetched(blocks, fetches);
        }
    }

    @Test
    void aCidV0AndItsCidV1ShareOneFetch() throws Exception {
        byte[] data = "a dag-pb node, in spirit".getBytes();
        Cid v0 = Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, data);
        Host a = host();
        Host b = host();
        bitswap(a, storeWith(List.of(new Block(v0, data))));
        HostBitswap client = bitswap(b, new MemoryBlockStore());
        connect(b, a);
        CompletableFuture<Block> f0 = client.get(v0);
        CompletableFuture<Block> f1 = client.get(v0.toV1());
        assertEquals(v0, f0.get(10, TimeUnit.SECONDS).cid());
        assertEquals(v0.toV1(), f1.get(10, TimeUnit.SECONDS).cid());
        assertArrayEquals(data, f1.get().data());
    }

    @Test
    void serverAnswersWantHaveAndWantBlockAsTheSpecSays() throws Exception {
        List<Block> blocks = randomBlocks(2, 1000, 4);
        Block present = blocks.get(0);
        Cid absent = blocks.get(1).cid();
        Cid absentQuiet = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {42});
        Host server = host();
        HostBitswap bs = bitswap(server, storeWith(List.of(present)));
        RawBitswapPeer raw = new RawBitswapPeer(host(), (p, m) -> { });
        connect(raw.host, server);

        raw.send(server.peerId(), BitswapMessage.wants(List.of(
                Entry.want(present.cid(), 1, WantType.HAVE, true),
                Entry.want(absent, 1, WantType.HAVE, true),
                Entry.want(absentQuiet, 1, WantType.HAVE, false)), false)).get(10, TimeUnit.SECONDS);
        Set<Presence> presences = new HashSet<>(raw.next().presences());
        assertEquals(Set.of(new Presence(present.cid(), PresenceType.HAVE),
                new Presence(absent, PresenceType.DONT_HAVE)), presences);
        // the want-have without send-dont-have stays parked: no answer, but held in the ledger
        assertEquals(1, bs.serverWants(raw.host.peerId()));

        raw.send(server.peerId(), BitswapMessage.wants(List.of(
                Entry.want(present.cid(), 1, WantType.BLOCK, true),
                Entry.want(absent, 1, WantType.BLOCK, true)), false)).get(10, TimeUnit.SECONDS);
        List<Block> got = new ArrayList<>();
        List<Presence> dontHaves = new ArrayList<>();
        while (got.isEmpty() || dontHaves.isEmpty()) {
            BitswapMessage m = raw.next();
            got.addAll(m.blocks());
            dontHaves.addAll(m.presences());
        }
        assertEquals(present.cid(), got.get(0).cid());
        assertArrayEquals(present.data(), got.get(0).data());
        assertEquals(List.of(new Presence(absent, PresenceType.DONT_HAVE)), dontHaves);

        // a cancel removes the parked want; a full wantlist replaces everything
        raw.send(server.peerId(), BitswapMessage.wants(List.of(Entry.cancel(absentQuiet)), false))
                .get(10, TimeUnit.SECONDS);
        waitUntil(() -> bs.serverWants(raw.host.peerId()) == 0);
        raw.send(server.peerId(), BitswapMessage.wants(List.of(Entry.want(absentQuiet, 1, WantType.BLOCK, false),
                Entry.want(absent, 1, WantType.BLOCK, false)), false)).get(10, TimeUnit.SECONDS);
        waitUntil(() -> bs.serverWants(raw.host.peerId()) == 2);
        raw.send(server.peerId(), BitswapMessage.wants(List.of(Entry.want(absent, 1, WantType.BLOCK, false)), true))
                .get(10, TimeUnit.SECONDS);
        waitUntil(() -> bs.serverWants(raw.host.peerId()) == 1);
    }

    @Test
    void aParkedWantIsServedWhenTheBlockArrives() throws Exception {
        Block b = randomBlocks(1, 1000, 5).get(0);
        MemoryBlockStore store = new MemoryBlockStore();
        Host server = host();
        HostBitswap bs = bitswap(server, store);
        RawBitswapPeer raw = new RawBitswapPeer(host(), (p, m) -> { });
        connect(raw.host, server);
        raw.send(server.peerId(), BitswapMessage.wants(List.of(Entry.want(b.cid(), 1, WantType.BLOCK, false)), false))
                .get(10, TimeUnit.SECONDS);
        waitUntil(() -> bs.serverWants(raw.host.peerId()) == 1);
        store.put(b);
        bs.blocksAdded(List.of(b.cid()));
        assertArrayEquals(b.data(), raw.next().blocks().get(0).data());
        waitUntil(() -> bs.serverWants(raw.host.peerId()) == 0);
    }

    /** Helia aborts a Bitswap stream that goes quiet; the server's next answer must go out on a new stream. */
    @Test
    void aPeerThatResetsOurStreamAfterEachMessageStillGetsEveryAnswer() throws Exception {
        List<Block> blocks = randomBlocks(5, 1000, 9);
        Host server = host();
        bitswap(server, storeWith(blocks));
        RawBitswapPeer raw = new RawBitswapPeer(host(), (p, m) -> { });
        raw.resetAfterEachMessage = true;
        connect(raw.host, server);
        for (Block b : blocks) {
            raw.send(server.peerId(), BitswapMessage.wants(List.of(Entry.want(b.cid(), 1, WantType.BLOCK, false)),
                    false)).get(10, TimeUnit.SECONDS);
            BitswapMessage m = raw.next();
            assertEquals(List.of(b.cid()), m.blocks().stream().map(Block::cid).toList());
        }
    }

    @Test
    void aPeersLedgerIsBounded() throws Exception {
        Host server = host();
        HostBitswap bs = bitswap(server, new MemoryBlockStore(), x -> x.maxWantsPerPeer(100));
        RawBitswapPeer raw = new RawBitswapPeer(host(), (p, m) -> { });
        connect(raw.host, server);
        List<Entry> wants = new ArrayList<>();
        for (Block b : randomBlocks(500, 8, 6)) {
            wants.add(Entry.want(b.cid(), 1, WantType.BLOCK, false));
        }
        raw.send(server.peerId(), BitswapMessage.wants(wants, false)).get(10, TimeUnit.SECONDS);
        waitUntil(() -> bs.serverWants(raw.host.peerId()) == 100);
        Thread.sleep(200);
        assertEquals(100, bs.serverWants(raw.host.peerId()));
    }

    @Test
    void cancellingAGetWithdrawsTheWantFromThePeer() throws Exception {
        Cid nobodyHasIt = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {1, 2, 3});
        RawBitswapPeer peer = new RawBitswapPeer(host(), (p, m) -> { });
        Host b = host();
        HostBitswap client = bitswap(b, new MemoryBlockStore());
        connect(b, peer.host);
        CompletableFuture<Block> f = client.get(nobodyHasIt);
        Entry want = peer.next().wantlist().get(0);
        assertEquals(nobodyHasIt, want.cid());
        assertFalse(want.cancel());
        f.cancel(true);
        Entry cancel = peer.next().wantlist().get(0);
        assertEquals(Entry.cancel(nobodyHasIt), cancel);
        assertTrue(f.isCancelled());
    }

    @Test
    void aGetTimesOutWithBlockNotFound() throws Exception {
        Host b = host();
        HostBitswap client = bitswap(b, new MemoryBlockStore(), x -> x.fetchTimeout(Duration.ofMillis(500)));
        Cid cid = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {9});
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.get(cid).get(10, TimeUnit.SECONDS));
        assertInstanceOf(BlockNotFoundException.class, e.getCause());
    }

    @Test
    void withNoPeerConnectedTheProviderFinderIsAskedAtOnce() throws Exception {
        List<Block> blocks = randomBlocks(3, 10_000, 7);
        Host a = host();
        Host b = host();
        bitswap(a, storeWith(blocks));
        b.peerStore().addAddresses(a.peerId(), a.listenAddresses(), Duration.ofMinutes(5));
        List<Cid> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        HostBitswap client = bitswap(b, new MemoryBlockStore(), x -> x
                .providerSearchDelay(Duration.ofSeconds(20))
                .providerFinder(cid -> {
                    asked.add(cid);
                    return CompletableFuture.completedFuture(List.of(a.peerId()));
                }));
        long start = System.nanoTime();
        assertFetched(blocks.subList(0, 1), List.of(client.get(blocks.get(0).cid())));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertEquals(List.of(blocks.get(0).cid()), asked);
    }

    @Test
    void whenConnectedPeersLackTheBlockTheProviderFinderIsAskedAfterTheDelay() throws Exception {
        List<Block> blocks = randomBlocks(1, 10_000, 8);
        Host empty = host();
        Host holder = host();
        Host b = host();
        bitswap(empty, new MemoryBlockStore());
        bitswap(holder, storeWith(blocks));
        b.peerStore().addAddresses(holder.peerId(), holder.listenAddresses(), Duration.ofMinutes(5));
        Map<Cid, Long> askedAt = new java.util.concurrent.ConcurrentHashMap<>();
        HostBitswap client = bitswap(b, new MemoryBlockStore(), x -> x.providerFinder(cid -> {
            askedAt.put(cid, System.nanoTime());
            return CompletableFuture.completedFuture(List.of(holder.peerId()));
        }));
        connect(b, empty);
        long start = System.nanoTime();
        assertFetched(blocks, List.of(client.get(blocks.get(0).cid())));
        assertTrue(askedAt.get(blocks.get(0).cid()) - start >= TimeUnit.MILLISECONDS.toNanos(150));
    }

    /** Answers HAVE to every want-have and, to every want-block, the wanted CID's prefix with wrong bytes. */
    private static void corrupt(RawBitswapPeer self, BitswapMessage m) {
        List<Block> lies = new ArrayList<>();
        List<Presence> haves = new ArrayList<>();
        for (Entry e : m.wantlist()) {
            if (e.cancel()) {
                continue;
            }
            if (e.type() == WantType.HAVE) {
                haves.add(new Presence(e.cid(), PresenceType.HAVE));
            } else {
                lies.add(new Block(e.cid(), ("not the block " + e.cid()).getBytes()));
            }
        }
        if (!lies.isEmpty() || !haves.isEmpty()) {
            PeerId to = self.lastSender;
            self.send(to, new BitswapMessage(List.of(), false, lies, haves, 0));
        }
    }

    @Test
    void aPeerSendingCorruptBlocksIsDroppedAndTheFetchCompletesFromAnHonestOne() throws Exception {
        List<Block> blocks = randomBlocks(30, 20_000, 9);
        Host honest = host();
        bitswap(honest, storeWith(blocks));
        Host c = host();
        HostBitswap client = bitswap(c, new MemoryBlockStore());
        RawBitswapPeer liar = new RawBitswapPeer(host(), BitswapTest::corrupt);
        liar.lastSender = c.peerId();
        // The liar alone is connected until it has been asked for a block: with both connected at once, which of
        // them gets the first want-block is a race the honest peer sometimes won (the liar was then never tested).
        connect(c, liar.host);
        try (BitswapSession s = client.newSession()) {
            List<CompletableFuture<Block>> fetches = new ArrayList<>();
            blocks.forEach(bl -> fetches.add(s.get(bl.cid())));
            waitUntil(() -> liar.received.stream().flatMap(m -> m.wantlist().stream())
                    .anyMatch(e -> !e.cancel() && e.type() == WantType.BLOCK));
            connect(c, honest);
            assertFetched(blocks, fetches);
        }
        assertTrue(liar.received.stream().flatMap(m -> m.wantlist().stream())
                .anyMatch(e -> !e.cancel() && e.type() == WantType.BLOCK), "the liar was never asked for a block");
        assertTrue(client.isBadPeer(liar.host.peerId()));
        assertFalse(client.isBadPeer(honest.peerId()));
    }

    @Test
    void aPeerThatNeverAnswersCostsOnlyTheWantTimeout() throws Exception {
        List<Block> blocks = randomBlocks(10, 20_000, 10);
        Host honest = host();
        bitswap(honest, storeWith(blocks));
        Host c = host();
        HostBitswap client = bitswap(c, new MemoryBlockStore());
        RawBitswapPeer silent = new RawBitswapPeer(host(), (p, m) -> { });
        connect(c, silent.host);
        connect(c, honest);
        try (BitswapSession s = client.newSession()) {
            List<CompletableFuture<Block>> fetches = new ArrayList<>();
            blocks.forEach(bl -> fetches.add(s.get(bl.cid())));
            assertFetched(blocks, fetches);
        }
        assertFalse(silent.received.isEmpty());
    }

    /**
     * A peer that said DONT_HAVE and dropped its connection is asked again as soon as it reconnects, not only at the
     * next rebroadcast (4 x the want timeout, set far away here).
     */
    @Test
    void aPeerThatReconnectsIsAskedAgainAtOnce() throws Exception {
        List<Block> blocks = randomBlocks(1, 1000, 12);
        Host c = host();
        HostBitswap client = bitswap(c, new MemoryBlockStore(), x -> x.wantTimeout(Duration.ofSeconds(20)));
        Host p = host();
        MemoryBlockStore later = new MemoryBlockStore();
        HostBitswap provider = bitswap(p, later);
        connect(c, p);
        try (BitswapSession s = client.newSession()) {
            CompletableFuture<Block> fetch = s.get(blocks.get(0).cid());
            Thread.sleep(500); // the provider answers DONT_HAVE
            assertTrue(!fetch.isDone());
            c.connection(p.peerId()).orElseThrow().close();
            waitUntil(() -> c.connection(p.peerId()).isEmpty());
            later.put(blocks.get(0));
            provider.blocksAdded(List.of(blocks.get(0).cid()));
            long start = System.nanoTime();
            connect(c, p);
            assertArrayEquals(blocks.get(0).data(), fetch.get(10, TimeUnit.SECONDS).data());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        }
    }

    /**
     * A sender whose stream failed for good is replaced by one with an empty wantlist while the connection stays up,
     * so the peer's answer to a want it heard before arrives "unasked" by the new sender. That is a late answer, not a
     * corrupt block: it is taken, and the peer is not dropped (FaultNetworkTest, with connection resets, lost its
     * only provider this way).
     */
    @Test
    void aLateAnswerToAWantFromAFailedSenderIsTakenAndThePeerKept() throws Exception {
        Block block = randomBlocks(1, 1000, 13).get(0);
        Host c = host();
        HostBitswap client = bitswap(c, new MemoryBlockStore(), x -> x.wantTimeout(Duration.ofSeconds(20)));
        RawBitswapPeer peer = new RawBitswapPeer(host(), (p, m) -> { });
        connect(c, peer.host);
        try (BitswapSession s = client.newSession()) {
            CompletableFuture<Block> fetch = s.get(block.cid());
            BitswapMessage want = peer.next();
            assertTrue(want.wantlist().stream().anyMatch(e -> e.cid().equals(block.cid())), "asked: " + want);
            client.breakSender(peer.host.peerId());
            peer.send(c.peerId(), new BitswapMessage(List.of(), false, List.of(block), List.of(), 0));
            assertArrayEquals(block.data(), fetch.get(10, TimeUnit.SECONDS).data());
            assertFalse(client.isBadPeer(peer.host.peerId()));
        }
    }

    @Test
    void aPeerThatDisconnectsMidTransferIsReplaced() throws Exception {
        List<Block> blocks = randomBlocks(100, 50_000, 11);
        Host c = host();
        HostBitswap client = bitswap(c, new MemoryBlockStore(), x -> x.maxOutstandingPerSession(8));
        // the vanishing peer, at first the only one, serves five blocks honestly, then drops every connection
        MemoryBlockStore all = storeWith(blocks);
        AtomicInteger served = new AtomicInteger();
        RawBitswapPeer vanishing = new RawBitswapPeer(host(), (self, m) -> {
            List<Block> out = new ArrayList<>();
            List<Presence> haves = new ArrayList<>();
            for (Entry e : m.wantlist()) {
                if (e.cancel()) {
                    continue;
                }
                if (e.type() == WantType.HAVE) {
                    haves.add(new Presence(e.cid(), PresenceType.HAVE));
                } else if (served.get() < 5) {
                    served.incrementAndGet();
                    out.add(new Block(e.cid(), all.get(e.cid().multihash()).orElseThrow()));
                }
            }
            if (out.isEmpty() && haves.isEmpty()) {
                return;
            }
            self.send(c.peerId(), new BitswapMessage(List.of(), false, out, haves, 0)).whenComplete((v, e) -> {
                if (served.get() >= 5) {
                    self.host.connections().forEach(conn -> conn.close());
                }
            });
        });
        connect(c, vanishing.host);
        try (BitswapSession s = client.newSession()) {
            List<CompletableFuture<Block>> fetches = new ArrayList<>();
            blocks.forEach(bl -> fetches.add(s.get(bl.cid())));
            waitUntil(() -> served.get() >= 5 && c.connection(vanishing.host.peerId()).isEmpty());
            assertTrue(fetches.stream().anyMatch(f -> !f.isDone()));
            Host honest = host();
            bitswap(honest, storeWith(blocks));
            connect(c, honest);
            assertFetched(blocks, fetches);
        }
        assertEquals(5, served.get());
    }

    @Test
    void requestsAreServedFairlyBetweenPeers() throws Exception {
        List<Block> blocks = randomBlocks(40, 200_000, 12);
        Host server = host();
        bitswap(server, storeWith(blocks), x -> x.turnBytes(64 * 1024).ioThreads(1));
        RawBitswapPeer p1 = new RawBitswapPeer(host(), (p, m) -> { });
        RawBitswapPeer p2 = new RawBitswapPeer(host(), (p, m) -> { });
        connect(p1.host, server);
        connect(p2.host, server);
        List<Entry> all = new ArrayList<>();
        blocks.forEach(b -> all.add(Entry.want(b.cid(), 1, WantType.BLOCK, false)));
        p1.send(server.peerId(), BitswapMessage.wants(all, false)).get(10, TimeUnit.SECONDS);
        p2.send(server.peerId(), BitswapMessage.wants(all.subList(0, 5), false)).get(10, TimeUnit.SECONDS);
        // p2's five blocks arrive while p1's forty are still being served: turns alternate
        Map<Cid, byte[]> got2 = new HashMap<>();
        while (got2.size() < 5) {
            raw(p2).blocks().forEach(b -> got2.put(b.cid(), b.data()));
        }
        int p1Blocks = 0;
        for (BitswapMessage m : p1.received) {
            p1Blocks += m.blocks().size();
        }
        assertTrue(p1Blocks < 40, "p1 got " + p1Blocks + " blocks before p2 got its five");
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(blocks.get(i).data(), got2.get(blocks.get(i).cid()));
        }
    }

    private static BitswapMessage raw(RawBitswapPeer p) throws InterruptedException {
        return p.next();
    }
}
