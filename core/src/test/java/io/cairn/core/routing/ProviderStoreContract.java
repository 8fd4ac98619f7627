package io.cairn.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProviderStore} must do. An implementation's test extends this class and says how to make a
 * fresh, empty store with given limits; a store that persists also says how to close one and open its data again,
 * which turns on the restart tests (and restarts inside the model-based property).
 *
 * <p>The property runs random announcements, queries, sweeps and restarts against the store and against
 * {@link ProviderStoreModel}, and after every step compares the counts, and for queries the providers served.
 */
public abstract class ProviderStoreContract {
    protected static final long HOUR = 3600_000L;
    protected static final List<Multiaddr> ADDRS = List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"));

    /** A new, empty store keeping {@code limits}. */
    protected abstract ProviderStore newStore(ProviderLimits limits) throws IOException;

    /** Releases what {@link #newStore} opened (for a store on disk: closes it and deletes its files). */
    protected void closeStore(ProviderStore s) throws IOException {}

    /**
     * Closes {@code s} without deleting anything and opens its data again with {@code limits}; null when the
     * implementation keeps nothing across a restart (the restart tests are then skipped).
     */
    protected ProviderStore reopen(ProviderStore s, ProviderLimits limits) throws IOException {
        return null;
    }

    /** Checks an implementation's own invariants (counters against what is stored, say); called by the property. */
    protected void checkInvariants(ProviderStore s) throws IOException {}

    private final List<ProviderStore> opened = new ArrayList<>();

    /** A fresh store, released after the test. */
    protected final ProviderStore open(ProviderLimits limits) throws IOException {
        ProviderStore s = newStore(limits);
        opened.add(s);
        return s;
    }

    /** {@link #reopen}, keeping track of what to release; null when not supported. */
    protected final ProviderStore restart(ProviderStore s, ProviderLimits limits) throws IOException {
        ProviderStore again = reopen(s, limits);
        if (again != null) {
            opened.set(opened.indexOf(s), again);
        }
        return again;
    }

    @AfterEach
    final void releaseStores() throws IOException {
        IOException failure = null;
        for (ProviderStore s : opened) {
            try {
                closeStore(s);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }

    protected static Multihash mh(int i) {
        return Multihash.digest(HashFunction.SHA2_256, new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)});
    }

    protected static PeerId peer(int i) {
        byte[] digest = new byte[32];
        new Random(i).nextBytes(digest);
        return PeerId.fromMultihash(Multihash.of(Multicodec.SHA2_256.code(), digest));
    }

    protected static List<Multiaddr> addrs(int i, int n) {
        List<Multiaddr> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            out.add(Multiaddr.parse("/ip4/10.0." + (i & 0xff) + "." + j + "/tcp/" + (4001 + j)));
        }
        return out;
    }

    private static Set<PeerId> peersOf(List<ProviderStore.Provider> providers) {
        Set<PeerId> out = new HashSet<>();
        providers.forEach(p -> out.add(p.peer()));
        return out;
    }

    @Test
    void addressesAreServed24HoursAndRecordsLive48() throws IOException {
        ProviderStore s = open(ProviderLimits.of(20, 1000));
        PeerId p = peer(1);
        assertTrue(s.addProvider(mh(1), p, ADDRS, 0));
        assertEquals(List.of(new ProviderStore.Provider(p, ADDRS)), s.providers(mh(1), 24 * HOUR - 1));
        assertEquals(List.of(new ProviderStore.Provider(p, List.of())), s.providers(mh(1), 24 * HOUR));
        assertEquals(1, s.providers(mh(1), 48 * HOUR - 1).size());
        assertEquals(List.of(), s.providers(mh(1), 48 * HOUR));
        // Expired but not yet swept: still counted.
        assertEquals(1, s.recordCount());
        // Re-announcing refreshes both lifetimes.
        assertTrue(s.addProvider(mh(1), p, ADDRS, 40 * HOUR));
        assertEquals(List.of(new ProviderStore.Provider(p, ADDRS)), s.providers(mh(1), 50 * HOUR));
        assertEquals(1, s.recordCount());
        s.removeExpired(88 * HOUR - 1);
        assertEquals(1, s.recordCount());
        s.removeExpired(88 * HOUR);
        assertEquals(0, s.keyCount());
        assertEquals(0, s.recordCount());
        assertEquals(List.of(), s.providers(mh(1), 40 * HOUR));
    }

    @Test
    void aRefreshReplacesTheAddressesAndIsCountedOnce() throws IOException {
        ProviderStore s = open(ProviderLimits.of(20, 1000));
        s.addProvider(mh(1), peer(1), addrs(1, 2), 0);
        s.addProvider(mh(1), peer(1), addrs(9, 1), 5);
        assertEquals(List.of(new ProviderStore.Provider(peer(1), addrs(9, 1))), s.providers(mh(1), 6));
        assertEquals(1, s.recordCount());
        assertEquals(1, s.keyCount());
    }

    @Test
    void keysAndProvidersAreKeptApart() throws IOException {
        ProviderStore s = open(ProviderLimits.of(20, 1000));
        // A short identity multihash and longer keys: no key's providers may leak into another's.
        Multihash shortKey = Multihash.of(Multicodec.IDENTITY.code(), new byte[] {1});
        Multihash longKey = Multihash.of(Multicodec.IDENTITY.code(), new byte[] {1, 2});
        s.addProvider(shortKey, peer(1), ADDRS, 0);
        s.addProvider(longKey, peer(2), ADDRS, 0);
        s.addProvider(mh(3), peer(1), ADDRS, 0);
        s.addProvider(mh(3), peer(2), ADDRS, 0);
        assertEquals(Set.of(peer(1)), peersOf(s.providers(shortKey, 1)));
        assertEquals(Set.of(peer(2)), peersOf(s.providers(longKey, 1)));
        assertEquals(Set.of(peer(1), peer(2)), peersOf(s.providers(mh(3), 1)));
        assertEquals(List.of(), s.providers(mh(4), 1));
        assertEquals(3, s.keyCount());
        assertEquals(4, s.recordCount());
    }

    @Test
    void aFullKeyDropsItsStalestAnnouncement() throws IOException {
        ProviderStore s = open(ProviderLimits.of(2, 1000));
        assertTrue(s.addProvider(mh(1), peer(0), ADDRS, 0));
        assertTrue(s.addProvider(mh(1), peer(1), ADDRS, 1));
        // peer 0 announces again: now peer 1 is the stalest.
        assertTrue(s.addProvider(mh(1), peer(0), ADDRS, 2));
        assertTrue(s.addProvider(mh(1), peer(2), ADDRS, 3));
        assertEquals(Set.of(peer(0), peer(2)), peersOf(s.providers(mh(1), 5)));
        assertEquals(2, s.recordCount());
        assertEquals(1, s.keyCount());
    }

    @Test
    void aFullKeyDropsItsExpiredProvidersFirst() throws IOException {
        ProviderStore s = open(ProviderLimits.of(2, 1000));
        s.addProvider(mh(1), peer(0), ADDRS, 10 * HOUR);
        s.addProvider(mh(1), peer(1), ADDRS, 0);
        // peer 0 is the stalest announcement but peer 1 has expired: peer 1 goes.
        s.addProvider(mh(1), peer(2), ADDRS, 48 * HOUR);
        assertEquals(Set.of(peer(0), peer(2)), peersOf(s.providers(mh(1), 48 * HOUR)));
        assertEquals(2, s.recordCount());
    }

    @Test
    void aFullStoreRefusesNewcomersUntilRecordsExpire() throws IOException {
        ProviderStore s = open(ProviderLimits.of(20, 3));
        for (int i = 0; i < 3; i++) {
            assertTrue(s.addProvider(mh(i), peer(0), ADDRS, i * HOUR));
        }
        assertFalse(s.addProvider(mh(9), peer(0), ADDRS, HOUR));
        assertEquals(List.of(), s.providers(mh(9), HOUR));
        // A refresh of a record already held still works when full.
        assertTrue(s.addProvider(mh(1), peer(0), ADDRS, 2 * HOUR));
        // At 48 h the first record has expired: the newcomer gets its room.
        assertTrue(s.addProvider(mh(9), peer(0), ADDRS, 48 * HOUR));
        assertEquals(3, s.recordCount());
        assertEquals(3, s.keyCount());
        assertEquals(List.of(), s.providers(mh(0), 48 * HOUR));
    }

    @Test
    void addressesAreCappedInNumberAndBytes() throws IOException {
        ProviderStore s = open(ProviderLimits.of(20, 1000));
        List<Multiaddr> many = addrs(1, ProviderStore.MAX_ADDRESSES + 8);
        s.addProvider(mh(1), peer(1), many, 0);
        assertEquals(many.subList(0, ProviderStore.MAX_ADDRESSES), s.providers(mh(1), 1).get(0).addresses());

        Multiaddr big = Multiaddr.parse("/dns4/" + "a".repeat(200) + ".example/tcp/1");
        List<Multiaddr> heavy = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            heavy.add(big);
        }
        s.addProvider(mh(2), peer(1), heavy, 0);
        List<Multiaddr> kept = s.providers(mh(2), 1).get(0).addresses();
        assertEquals(ProviderStore.MAX_ADDRESS_BYTES / big.byteLength(), kept.size());
    }

    @Test
    void timesBeforeTheEpochWork() throws IOException {
        ProviderStore s = open(ProviderLimits.of(20, 1000));
        long t = -100 * HOUR;
        s.addProvider(mh(1), peer(1), ADDRS, t);
        s.addProvider(mh(1), peer(2), ADDRS, t + 10 * HOUR);
        s.removeExpired(t + 50 * HOUR);
        assertEquals(Set.of(peer(2)), peersOf(s.providers(mh(1), t + 50 * HOUR)));
        assertEquals(1, s.recordCount());
    }

    @Test
    void recordsSurviveARestart() throws IOException {
        ProviderLimits limits = ProviderLimits.of(20, 1000);
        ProviderStore s = open(limits);
        s.addProvider(mh(1), peer(1), addrs(1, 3), 0);
        s.addProvider(mh(1), peer(2), ADDRS, HOUR);
        s.addProvider(mh(2), peer(1), ADDRS, 2 * HOUR);
        ProviderStore again = restart(s, limits);
        assumeTrue(again != null, "the store keeps nothing across a restart");
        assertEquals(Set.of(new ProviderStore.Provider(peer(1), addrs(1, 3)), new ProviderStore.Provider(peer(2),
                ADDRS)), new HashSet<>(again.providers(mh(1), 3 * HOUR)));
        assertEquals(2, again.keyCount());
        assertEquals(3, again.recordCount());
        again.removeExpired(49 * HOUR);
        assertEquals(1, again.keyCount());
        assertEquals(1, again.recordCount());
    }

    @Test
    void boundsHoldAcrossARestart() throws IOException {
        ProviderLimits limits = ProviderLimits.of(2, 4);
        ProviderStore s = open(limits);
        for (int i = 0; i < 4; i++) {
            assertTrue(s.addProvider(mh(i / 2), peer(i), ADDRS, i));
        }
        ProviderStore again = restart(s, limits);
        assumeTrue(again != null, "the store keeps nothing across a restart");
        assertEquals(4, again.recordCount());
        assertFalse(again.addProvider(mh(7), peer(7), ADDRS, 10));
        // The stalest of key 0 is still peer 0, as before the restart.
        assertTrue(again.addProvider(mh(0), peer(9), ADDRS, 11));
        assertEquals(Set.of(peer(1), peer(9)), peersOf(again.providers(mh(0), 12)));
        assertEquals(4, again.recordCount());
    }

    // ---- model-based property ----

    /** One step of the property. */
    public sealed interface Step permits Announce, Query, Sweep, Restart {}

    public record Announce(int key, int peer, int addresses, long advance) implements Step {}

    public record Query(int key) implements Step {}

    public record Sweep(long advance) implements Step {}

    public record Restart() implements Step {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Long> advance = Arbitraries.longs().between(0, 30 * HOUR);
        Arbitrary<Step> announce = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 3), advance)
                .as(Announce::new);
        Arbitrary<Step> query = Arbitraries.integers().between(0, 5).map(Query::new);
        Arbitrary<Step> sweep = advance.map(Sweep::new);
        Arbitrary<Step> restart = Arbitraries.just(new Restart());
        return Arbitraries.frequencyOf(weighted(8, announce), weighted(4, query), weighted(2, sweep),
                weighted(1, restart)).list().ofMaxSize(60);
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends Step>> weighted(int weight, Arbitrary<Step> a) {
        return Tuple.of(weight, a);
    }

    @Property(tries = 60)
    void agreesWithTheModel(@ForAll("steps") List<Step> steps, @ForAll @IntRange(min = 1, max = 4) int perKey,
            @ForAll @IntRange(min = 1, max = 12) int maxRecords,
            @ForAll @IntRange(min = -2, max = 2) int epoch) throws IOException {
        ProviderLimits limits = ProviderLimits.of(perKey, maxRecords);
        ProviderStoreModel model = new ProviderStoreModel(limits);
        long now = epoch * 1_000_000_000_000L;
        try {
            ProviderStore s = open(limits);
            for (Step step : steps) {
                if (step instanceof Announce a) {
                    now += a.advance();
                    List<Multiaddr> at = addrs(a.peer(), a.addresses());
                    assertEquals(model.addProvider(mh(a.key()), peer(a.peer()), at, now),
                            s.addProvider(mh(a.key()), peer(a.peer()), at, now), step::toString);
                } else if (step instanceof Query q) {
                    assertEquals(model.providers(mh(q.key()), now), new HashSet<>(s.providers(mh(q.key()), now)),
                            step::toString);
                } else if (step instanceof Sweep w) {
                    now += w.advance();
                    model.removeExpired(now);
                    s.removeExpired(now);
                } else {
                    ProviderStore again = restart(s, limits);
                    if (again != null) {
                        s = again;
                    }
                }
                assertNotNull(s);
                assertEquals(model.recordCount(), s.recordCount(), () -> "records after " + step);
                assertEquals(model.keyCount(), s.keyCount(), () -> "keys after " + step);
                checkInvariants(s);
            }
            for (int k = 0; k <= 5; k++) {
                assertEquals(model.providers(mh(k), now), new HashSet<>(s.providers(mh(k), now)));
            }
        } finally {
            releaseStores();
        }
    }
}
