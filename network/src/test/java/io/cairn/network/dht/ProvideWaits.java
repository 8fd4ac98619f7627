package io.cairn.network.dht;

import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.core.routing.ProviderStore;
import io.cairn.network.host.Host;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the multi-host DHT tests share: waiting for a sweep, checking where its records landed, finding a host. */
final class ProvideWaits {
    private ProvideWaits() {}

    /**
     * The provider's stats once its queue is empty, no sweep is in flight and at least {@code keys} were provided,
     * or at {@code timeout}, whichever comes first (the caller asserts on what it gets); {@code onPoll} runs at each
     * poll (a scale test samples its file descriptors there).
     */
    static ProvideStats awaitProvided(KadDht dht, int keys, Duration timeout, Runnable onPoll) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ProvideStats s = dht.provideStats().get(10, TimeUnit.SECONDS);
        while ((s.queueLength() > 0 || s.sweepsInFlight() > 0 || s.keysProvided() < keys)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            onPoll.run();
            s = dht.provideStats().get(10, TimeUnit.SECONDS);
        }
        return s;
    }

    /**
     * How many (key, server) pairs lack {@code provider}'s record, over each key's 20 nearest servers other than the
     * provider; {@code stores.get(i)} is the provider store of {@code hosts.get(i)}.
     */
    static int missingRecords(List<Host> hosts, List<? extends ProviderStore> stores, List<Multihash> keys,
            PeerId provider) {
        List<PeerId> others = hosts.stream().map(Host::peerId).filter(p -> !p.equals(provider)).toList();
        int missing = 0;
        for (Multihash key : keys) {
            Key point = Key.forMultihash(key);
            for (PeerId p : others.stream().sorted(Comparator.comparing(Key::forPeer, Key.byDistanceTo(point)))
                    .limit(20).toList()) {
                if (stores.get(indexOf(hosts, p)).providers(key, System.currentTimeMillis()).stream()
                        .noneMatch(r -> r.peer().equals(provider))) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** The index in {@code hosts} of the host with peer ID {@code p}. */
    static int indexOf(List<Host> hosts, PeerId p) {
        for (int i = 0; i < hosts.size(); i++) {
            if (hosts.get(i).peerId().equals(p)) {
                return i;
            }
        }
        throw new AssertionError("no host " + p);
    }
}
