package io.cairn.testnet.fault;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.ChannelHook;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults between a set of in-process hosts: give each host {@link #hookFor(PeerId)} when building it, then
 * {@link #register} its listen addresses once it runs, and change the {@link FaultPlan} whenever you like.
 *
 * <p>Who is at the other end of a raw TCP channel is known without reading it: an outbound channel goes to a
 * registered listen address; an inbound one comes from the local address of a registered host's outbound channel.
 * Both ends of a connection between two hosts of this network therefore see the partition, and a connection to or
 * from a host that is not registered is never partitioned (latency, loss and resets still apply).
 *
 * <p>Randomness: each channel draws from its own generator, split off one seeded at construction; which channel
 * gets which generator depends on the order channels open, so a run is reproducible in its fault rates, not in the
 * exact write that gets reset.
 */
public final class FaultNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(FaultNetwork.class);
    private volatile FaultPlan plan = FaultPlan.NONE;
    private final SplittableRandom seeds;
    private final Map<InetSocketAddress, PeerId> listeners = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, PeerId> dialers = new ConcurrentHashMap<>();
    private final Set<FaultHandler> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong delayed = new AtomicLong();
    private final AtomicLong retransmits = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong partitionDrops = new AtomicLong();

    /** What the fault layer did so far. */
    public record Stats(long delayedWrites, long retransmits, long resets, long refusedConnections,
            long partitionDrops) { }

    public FaultNetwork(long seed) {
        this.seeds = new SplittableRandom(seed);
    }

    /** The hook for a host whose identity is {@code self}: pass it to {@code HostBuilder.channelHook}. */
    public ChannelHook hookFor(PeerId self) {
        Objects.requireNonNull(self, "self");
        return (ch, outbound) -> {
            SplittableRandom r;
            synchronized (seeds) {
                r = seeds.split();
            }
            ch.pipeline().addLast("fault", new FaultHandler(this, self, outbound, r));
        };
    }

    /** Makes {@code peer}'s listen addresses known, so dials to them are attributed to it. */
    public void register(PeerId peer, List<Multiaddr> listenAddresses) {
        for (Multiaddr a : listenAddresses) {
            Optional<InetSocketAddress> s = a.toSocketAddress();
            s.ifPresent(x -> listeners.put(x, peer));
        }
    }

    public FaultPlan plan() {
        return plan;
    }

    /**
     * Applies {@code next} to every write from now on; connections across its partition are closed at once (their
     * waiting writes dropped) before this returns (bounded: 5 s), and new ones across it refused. Call it from a
     * test or scenario thread, never from a host's event loop.
     */
    public void plan(FaultPlan next) {
        plan = Objects.requireNonNull(next, "plan");
        List<FaultHandler> cut = new ArrayList<>();
        for (FaultHandler h : open) {
            PeerId r = h.remote();
            if (r != null && next.separates(h.self(), r)) {
                partitionDrops.incrementAndGet();
                cut.add(h);
            }
        }
        // Wait (bounded) until the hosts saw the connections go, so that a caller may rely on the partition
        // holding when this returns: a host forgets a connection in a close listener on the channel's event loop,
        // which has run by the time a task queued on that loop after the close runs.
        List<Future<?>> done = new ArrayList<>();
        for (FaultHandler h : cut) {
            done.add(h.severAndSync());
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Future<?> f : done) {
            try {
                f.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // the loop is shutting down or busy: the channel closes anyway, only later
                LOG.debug("partition close not confirmed: {}", e.toString());
            }
        }
    }

    public Stats stats() {
        return new Stats(delayed.get(), retransmits.get(), resets.get(), refused.get(), partitionDrops.get());
    }

    // ---- called by the handlers ----

    PeerId peerAt(InetSocketAddress remote) {
        PeerId p = listeners.get(remote);
        return p != null ? p : dialers.get(remote);
    }

    void dialedFrom(InetSocketAddress local, PeerId self) {
        dialers.put(local, self);
    }

    void opened(FaultHandler h) {
        open.add(h);
    }

    void closed(FaultHandler h, InetSocketAddress dialedFrom) {
        open.remove(h);
        if (dialedFrom != null) {
            dialers.remove(dialedFrom, h.self());
        }
    }

    void countDelayed() {
        delayed.incrementAndGet();
    }

    void countRetransmit() {
        retransmits.incrementAndGet();
    }

    void countReset() {
        resets.incrementAndGet();
    }

    void countRefused() {
        refused.incrementAndGet();
    }

    void countPartitionDrops() {
        partitionDrops.incrementAndGet();
    }
}
