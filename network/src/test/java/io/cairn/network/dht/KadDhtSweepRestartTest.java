package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.network.host.Host;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep's state across a restart of the DHT: the schedule is handed to the saver on close, and a new DHT given
 * the same key sets and that schedule resumes: what was left in the queue is announced without being asked again.
 */
class KadDhtSweepRestartTest {
    private static final String PROTOCOL = "/cairn-test/kad-restart/1.0.0";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<Host> hosts = new ArrayList<>();
    private final List<KadDht> dhts = new ArrayList<>();

    @AfterEach
    void stop() {
        dhts.forEach(KadDht::close);
        hosts.forEach(Host::close);
    }

    private Host host() throws Exception {
        Host h = Host.builder(Ed25519KeyPair.generate(RANDOM)).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .eventLoopThreads(1).start();
        hosts.add(h);
        return h;
    }

    private static Multihash key(String s) {
        return Multihash.digest(HashFunction.SHA2_256, s.getBytes(StandardCharsets.UTF_8));
    }

    private static ProvideStats await(KadDht d) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ProvideStats s = d.provideStats().get(10, TimeUnit.SECONDS);
        while ((s.queueLength() > 0 || s.sweepsInFlight() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = d.provideStats().get(10, TimeUnit.SECONDS);
        }
        return s;
    }

    private boolean stored(MemoryProviderStore store, Multihash key, Host provider) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (store.providers(key, System.currentTimeMillis()).stream()
                    .anyMatch(p -> p.peer().equals(provider.peerId()))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void theScheduleIsSavedOnCloseAndAQueuedKeyIsAnnouncedAfterARestart() throws Exception {
        Host serverHost = host();
        MemoryProviderStore serverStore = new MemoryProviderStore(20, 1000);
        KadDht server = KadDht.builder(serverHost).protocol(PROTOCOL).mode(DhtMode.SERVER).loopbackNetwork(true)
                .providerStore(serverStore).build();
        server.start();
        dhts.add(server);
        Multiaddr seed = serverHost.listenAddresses().get(0).encapsulate(Component.p2p(serverHost.peerId()));

        Host me = host();
        ProviderKeySet keys = ProviderKeySet.inMemory();
        ProviderKeySet queue = ProviderKeySet.inMemory();
        AtomicReference<ProvideSchedule> saved = new AtomicReference<>();
        KadDht first = KadDht.builder(me).protocol(PROTOCOL).mode(DhtMode.CLIENT).loopbackNetwork(true)
                .bootstrapPeer(seed).provideKeySets(keys, queue).provideSchedule(null, saved::set)
                .provideIdleDelay(Duration.ofMillis(50)).build();
        first.start();
        first.bootstrap().get(30, TimeUnit.SECONDS);
        List<Multihash> batch = List.of(key("a"), key("b"), key("c"), key("d"), key("e"));
        first.startProviding(batch).get(10, TimeUnit.SECONDS);
        ProvideStats s = await(first);
        assertEquals(0, s.queueLength(), s.toString());
        for (Multihash k : batch) {
            assertTrue(stored(serverStore, k, me), k + " not announced");
        }
        int regions = s.regions();
        assertTrue(regions >= 1);
        first.close();
        ProvideSchedule schedule = saved.get();
        assertNotNull(schedule, "nothing saved on close");
        assertEquals(regions, schedule.regionCount());
        // Through the bytes, as the node stores it.
        ProvideSchedule restored = ProvideSchedule.decode(schedule.encode());

        // While down, one more key was queued (as a persistent set would hold it after a crash mid-provide).
        Multihash late = key("queued while down");
        keys.add(late);
        queue.add(late);
        KadDht second = KadDht.builder(me).protocol(PROTOCOL).mode(DhtMode.CLIENT).loopbackNetwork(true)
                .bootstrapPeer(seed).provideKeySets(keys, queue).provideSchedule(restored, saved::set)
                .provideIdleDelay(Duration.ofMillis(50)).build();
        dhts.add(second);
        second.start();
        second.bootstrap().get(30, TimeUnit.SECONDS);
        s = await(second);
        assertEquals(6, s.keys());
        assertEquals(0, s.queueLength(), s.toString());
        assertTrue(stored(serverStore, late, me), "the queued key was not announced after the restart");
        // The restored schedule still held the five: nothing asked to provide them again.
        assertFalse(s.keysProvided() > 1, s.toString());
    }
}
