package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.peer.PeerId;
import io.cairn.core.routing.ProviderLimits;
import io.cairn.core.routing.ProviderStore;
import io.cairn.core.routing.ProviderStoreContract;
import io.cairn.network.testing.NettyLeakCheck;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link MemoryProviderStore} against core's {@link ProviderStoreContract}, and under a flood. */
class MemoryProviderStoreTest extends ProviderStoreContract {
    @Override
    protected ProviderStore newStore(ProviderLimits limits) {
        return new MemoryProviderStore(limits);
    }

    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
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
