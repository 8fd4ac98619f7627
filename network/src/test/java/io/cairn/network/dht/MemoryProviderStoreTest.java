package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

class MemoryProviderStoreTest {
    private static final long HOUR = 3600_000L;
    private static final List<Multiaddr> ADDRS = List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"));

    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    private static Multihash mh(int i) {
        return Multihash.digest(HashFunction.SHA2_256, new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)});
    }

    @Test
    void addressesAreServed24HoursAndRecordsLive48() {
        MemoryProviderStore s = new MemoryProviderStore(20, 1000);
        PeerId p = DhtArbitraries.peerId(new byte[32]);
        s.addProvider(mh(1), p, ADDRS, 0);
        assertEquals(List.of(new ProviderStore.Provider(p, ADDRS)), s.providers(mh(1), 24 * HOUR - 1));
        assertEquals(List.of(new ProviderStore.Provider(p, List.of())), s.providers(mh(1), 24 * HOUR));
        assertEquals(1, s.providers(mh(1), 48 * HOUR - 1).size());
        assertEquals(List.of(), s.providers(mh(1), 48 * HOUR));
        // Re-announcing refreshes both lifetimes.
        s.addProvider(mh(1), p, ADDRS, 40 * HOUR);
        assertEquals(List.of(new ProviderStore.Provider(p, ADDRS)), s.providers(mh(1), 50 * HOUR));
        s.removeExpired(88 * HOUR);
        assertEquals(0, s.keyCount());
        assertEquals(0, s.recordCount());
    }

    @Test
    void aFullKeyDropsItsStalestProvider() {
        MemoryProviderStore s = new MemoryProviderStore(2, 1000);
        Random r = new Random(1);
        List<PeerId> peers = DhtArbitraries.randomPeers(r, 3);
        for (int i = 0; i < 3; i++) {
            assertTrue(s.addProvider(mh(1), peers.get(i), ADDRS, i));
        }
        assertEquals(List.of(peers.get(1), peers.get(2)),
                s.providers(mh(1), 5).stream().map(ProviderStore.Provider::peer).toList());
    }

    @Test
    void aFullStoreRefusesNewcomersUntilRecordsExpire() {
        MemoryProviderStore s = new MemoryProviderStore(20, 3);
        PeerId p = DhtArbitraries.peerId(new byte[32]);
        for (int i = 0; i < 3; i++) {
            assertTrue(s.addProvider(mh(i), p, ADDRS, 0));
        }
        assertFalse(s.addProvider(mh(9), p, ADDRS, HOUR));
        assertEquals(List.of(), s.providers(mh(9), HOUR));
        assertTrue(s.addProvider(mh(9), p, ADDRS, 48 * HOUR));
        assertEquals(1, s.recordCount());
    }

    /** A flood of announcements never holds more than the bounds, and what it holds is never expired after a sweep. */
    @Property(tries = 30)
    void floodsStayBounded(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int perKey,
            @ForAll @IntRange(min = 1, max = 50) int max) {
        Random r = new Random(seed);
        MemoryProviderStore s = new MemoryProviderStore(perKey, max);
        List<PeerId> peers = DhtArbitraries.randomPeers(r, 10);
        long now = 0;
        for (int i = 0; i < 2000; i++) {
            now += r.nextInt((int) HOUR);
            s.addProvider(mh(r.nextInt(40)), peers.get(r.nextInt(10)), ADDRS, now);
            assertTrue(s.recordCount() <= max);
            assertTrue(s.keyCount() <= s.recordCount());
            for (int k = 0; k < 40; k += 13) {
                assertTrue(s.providers(mh(k), now).size() <= perKey);
            }
        }
        s.removeExpired(now);
        int live = 0;
        for (int k = 0; k < 40; k++) {
            live += s.providers(mh(k), now).size();
        }
        assertEquals(s.recordCount(), live);
    }
}
