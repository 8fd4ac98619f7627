package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Multihash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SweepScheduleProperties {
    private static final long INTERVAL = 10_000_000;
    private static final long MAX_DELAY = INTERVAL / 22;
    /** Sweeps take simulated time (1 ms per request) and start at the next poll. */
    private static final long SLACK = 20_000;

    private static SimNetwork network;

    private static synchronized SimNetwork network() {
        if (network == null) {
            network = SimNetwork.build(150, 99);
        }
        return network;
    }

    private static SweepProvider provider(SimNetwork.Node node, ProviderKeySet keys, ProviderKeySet queue,
            ProvideSchedule restored) {
        SweepProvider.Builder b = SweepProvider.builder(node.id, keys, queue).interval(INTERVAL)
                .maxReprovideDelay(MAX_DELAY);
        if (restored != null) {
            b.schedule(restored);
        }
        return b.build();
    }

    /**
     * Every key is announced again at most one interval (plus the maximum delay) after its last announcement, and
     * never twice within half an interval once it was first provided; across a restart from the persisted schedule.
     */
    @Property(tries = 25)
    void everyKeyIsReprovidedOncePerIntervalAcrossARestart(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 400) int keyCount,
            @ForAll @LongRange(min = 0, max = 3 * INTERVAL) long restartAt) {
        SimNetwork net = network();
        Random random = new Random(seed);
        SimNetwork.Node node = net.list.get(random.nextInt(net.list.size()));
        ProviderKeySet keys = ProviderKeySet.inMemory();
        ProviderKeySet queue = ProviderKeySet.inMemory();
        SweepSim sim = new SweepSim(net, node, provider(node, keys, queue, null), seed);
        Map<Multihash, List<Long>> announced = new HashMap<>();
        sim.onAnnounced = (m, t) -> announced.computeIfAbsent(m, x -> new ArrayList<>()).add(t);
        List<Multihash> all = SweepSim.keys(keyCount, seed);
        all.forEach(sim.provider::startProviding);
        long start = net.now;
        long end = start + 4 * INTERVAL;
        boolean restarted = false;
        for (int rounds = 0; ; rounds++) {
            assertTrue(rounds < 100_000, "the provider keeps asking to be polled");
            long wake = sim.provider.nextWakeup(net.now);
            if (!restarted && wake >= start + restartAt) {
                // The node stops and comes back: only the persisted schedule and the (persistent) key sets remain.
                byte[] persisted = sim.provider.schedule().encode();
                sim.provider = provider(node, keys, queue, ProvideSchedule.decode(persisted));
                restarted = true;
                continue;
            }
            if (wake >= end) {
                break;
            }
            net.now = Math.max(net.now, wake);
            sim.pollAndRun();
        }
        for (Multihash m : all) {
            List<Long> times = announced.get(m);
            assertTrue(times != null && times.get(0) - start <= SLACK, "provided promptly: " + times);
            times.add(Math.max(end, times.get(times.size() - 1)));
            for (int i = 1; i < times.size(); i++) {
                long gap = times.get(i) - times.get(i - 1);
                assertTrue(gap <= INTERVAL + MAX_DELAY + SLACK, "gap " + gap + " in " + times);
                if (i >= 2 && i < times.size() - 1) {
                    assertTrue(gap >= INTERVAL / 2 - SLACK, "gap " + gap + " in " + times);
                }
            }
        }
        assertEquals(0, sim.provider.queueLength());
    }

    /** Keys added while the sweep runs are announced within one round of polls, long before their region's turn. */
    @Property(tries = 25)
    void newKeysAreProvidedPromptly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int before,
            @ForAll @IntRange(min = 1, max = 300) int added, @ForAll @LongRange(min = 1, max = INTERVAL) long at) {
        SimNetwork net = network();
        Random random = new Random(seed);
        SimNetwork.Node node = net.list.get(random.nextInt(net.list.size()));
        SweepSim sim = new SweepSim(net, node,
                provider(node, ProviderKeySet.inMemory(), ProviderKeySet.inMemory(), null), seed);
        SweepSim.keys(before, seed).forEach(sim.provider::startProviding);
        sim.provideAll();
        net.now += at;
        List<Multihash> fresh = SweepSim.keys(added, ~seed);
        Map<Multihash, Long> when = new HashMap<>();
        sim.onAnnounced = (m, t) -> when.putIfAbsent(m, t);
        long t0 = net.now;
        fresh.forEach(sim.provider::startProviding);
        sim.provideAll();
        for (Multihash m : fresh) {
            assertTrue(when.containsKey(m), "never announced");
            assertTrue(when.get(m) - t0 <= SLACK, "announced after " + (when.get(m) - t0));
        }
        assertEquals(0, sim.provider.queueLength());
    }

    @Property
    void scheduleRoundTrips(@ForAll("schedules") ProvideSchedule s) {
        byte[] bytes = s.encode();
        ProvideSchedule back = ProvideSchedule.decode(bytes);
        assertEquals(s, back);
        assertEquals(s.entries(), back.entries());
        assertArrayEquals(bytes, back.encode());
    }

    @Property
    void arbitraryBytesNeverThrowAnythingButTheTypedError(@ForAll byte[] bytes) {
        decodeOrTypedError(bytes);
    }

    @Property
    void damagedSchedulesNeverThrowAnythingButTheTypedError(@ForAll("schedules") ProvideSchedule s,
            @ForAll int position, @ForAll byte value, @ForAll boolean truncate) {
        byte[] bytes = s.encode();
        int i = Math.floorMod(position, bytes.length);
        if (truncate) {
            bytes = java.util.Arrays.copyOf(bytes, i);
        } else {
            bytes[i] = value;
        }
        decodeOrTypedError(bytes);
    }

    private static void decodeOrTypedError(byte[] bytes) {
        try {
            ProvideSchedule.decode(bytes);
        } catch (ProvideScheduleFormatException expected) {
            // The one error a bad schedule may raise.
        }
    }

    @Provide
    Arbitrary<ProvideSchedule> schedules() {
        Arbitrary<Long> interval = Arbitraries.longs().between(1, ProvideSchedule.MAX_INTERVAL);
        Arbitrary<Long> cycleStart = Arbitraries.longs();
        Arbitrary<Integer> prefix = Arbitraries.integers().between(-1, Key.BITS);
        Arbitrary<List<ProvideSchedule.Entry>> entries = Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(32),
                Arbitraries.integers().between(0, Key.BITS),
                Arbitraries.longs(),
                Arbitraries.longs().between(1, Long.MAX_VALUE))
                .as((b, len, due, n) -> new ProvideSchedule.Entry(KeyspaceRegion.of(Key.fromHash(b), len), due, n))
                .list().ofMaxSize(30);
        return Combinators.combine(interval, cycleStart, prefix, entries).as((iv, cs, p, es) -> {
            ProvideSchedule s = ProvideSchedule.create(iv);
            s.startCycle(cs);
            if (p >= 0) {
                s.prefixLength(p);
            }
            for (ProvideSchedule.Entry e : es) {
                if (s.inside(e.region()).isEmpty() && s.find(e.region().first()) == null) {
                    s.put(e);
                }
            }
            return s;
        });
    }
}
