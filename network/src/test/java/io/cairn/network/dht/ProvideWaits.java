package io.cairn.network.dht;

import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the multi-host DHT tests share: waiting for a sweep to finish, finding a host by peer ID. */
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
