package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's driver of a {@link SweepProvider}, following the recipe in its class comment: a timer at
 * {@link SweepProvider#nextWakeup}, {@link SweepProvider#poll} there, each FIND_NODE sent through the
 * {@link DhtMessenger} and its outcome fed back by id, each {@link SweepProvider.ProvideBatch} written as
 * ADD_PROVIDER messages on one stream to its peer.
 *
 * <p>Threading: every method runs on the DHT thread (the one that owns the routing table), and so does every
 * continuation; the provider is touched nowhere else. Until {@link #close()} nothing here runs elsewhere.
 *
 * <p>Bounds: the provider itself keeps at most {@code maxConcurrentSweeps} walks (alpha requests each) in flight; batch
 * streams are sent at most {@link #MAX_SENDING} at once, and while {@link #MAX_QUEUED_BATCHES} wait no new sweep is
 * started, so a slow network slows the sweep down instead of queueing without end. A poll that starts nothing (the
 * routing table is empty, or every queued key lies in a region being walked) is not repeated before
 * {@code idleDelay}, since {@code nextWakeup} may keep answering "now" in that case.
 */
final class SweepDriver {
    private static final Logger LOG = LoggerFactory.getLogger(SweepDriver.class);
    static final int MAX_SENDING = 16;
    static final int MAX_QUEUED_BATCHES = 512;
    /** Keys added per DHT-thread task, so a large add does not hold the thread (and every lookup) for long. */
    private static final int ADD_CHUNK = 4096;
    /** The longest a timer is set for; a later wakeup is re-checked then (the wall clock may have moved). */
    private static final long MAX_TIMER = 3_600_000;

    private final SweepProvider provider;
    private final PeerId self;
    private final RoutingTable table;
    private final DhtMessenger messenger;
    private final ScheduledExecutorService dhtThread;
    private final LongSupplier clock;
    private final Supplier<List<Multiaddr>> ourAddresses;
    private final Function<List<Multiaddr>, List<Multiaddr>> usable;
    private final Consumer<Multihash> recordLocally;
    private final RequestOutcome outcome;
    private final Consumer<ProvideSchedule> saver;
    private final long saveEvery;
    private final long idleDelay;
    private final ArrayDeque<SweepProvider.ProvideBatch> batches = new ArrayDeque<>();
    private int sending;
    private ScheduledFuture<?> wake;
    private long wakeAt = Long.MAX_VALUE;
    private long notBefore;
    private long lastSaved;
    private boolean dirty;
    private boolean closed;

    /** What the owner does with a request's outcome besides the sweep: routing-table upkeep. */
    interface RequestOutcome {
        void answered(PeerId peer, long now);

        void failed(PeerId peer, Throwable cause);
    }

    SweepDriver(SweepProvider provider, PeerId self, RoutingTable table, DhtMessenger messenger,
            ScheduledExecutorService dhtThread, LongSupplier clock, Supplier<List<Multiaddr>> ourAddresses,
            Function<List<Multiaddr>, List<Multiaddr>> usable, Consumer<Multihash> recordLocally,
            RequestOutcome outcome, Consumer<ProvideSchedule> saver, long saveEvery, long idleDelay) {
        this.provider = provider;
        this.self = self;
        this.table = table;
        this.messenger = messenger;
        this.dhtThread = dhtThread;
        this.clock = clock;
        this.ourAddresses = ourAddresses;
        this.usable = usable;
        this.recordLocally = recordLocally;
        this.outcome = outcome;
        this.saver = saver;
        this.saveEvery = saveEvery;
        this.idleDelay = idleDelay;
        this.lastSaved = clock.getAsLong();
    }

    /** Queues {@code keys} for their first provide, {@link #ADD_CHUNK} per task; completes when all are queued. */
    void startProviding(List<Multihash> keys, int from, CompletableFuture<Void> done) {
        if (closed) {
            done.cancel(false);
            return;
        }
        int to = Math.min(keys.size(), from + ADD_CHUNK);
        for (int i = from; i < to; i++) {
            dirty |= provider.startProviding(keys.get(i));
        }
        notBefore = 0;
        reschedule();
        if (to == keys.size()) {
            done.complete(null);
        } else {
            dhtThread.execute(() -> startProviding(keys, to, done));
        }
    }

    void stopProviding(Collection<Multihash> keys) {
        for (Multihash m : keys) {
            dirty |= provider.stopProviding(m);
        }
        reschedule();
    }

    ProvideStats stats() {
        return provider.stats(clock.getAsLong());
    }

    /** The timer fired, or the owner wants a poll now (after start, say). */
    void tick() {
        wake = null;
        wakeAt = Long.MAX_VALUE;
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        if (batches.size() < MAX_QUEUED_BATCHES) {
            SweepProvider.Actions a = provider.poll(now, table);
            if (a.isEmpty()) {
                notBefore = now + idleDelay;
            }
            take(a);
        }
        maybeSave(now);
        reschedule();
    }

    private void take(SweepProvider.Actions a) {
        for (SweepProvider.Request r : a.requests()) {
            messenger.request(r.peer(), usable.apply(r.addresses()), r.message())
                    .whenCompleteAsync((m, e) -> answered(r, m, e), dhtThread);
        }
        if (a.batches().isEmpty()) {
            return;
        }
        // A sweep ended: the schedule changed, and a queued region it blocked may start now.
        dirty = true;
        notBefore = 0;
        Set<Multihash> announced = new LinkedHashSet<>();
        for (SweepProvider.ProvideBatch b : a.batches()) {
            batches.add(b);
            announced.addAll(b.keys());
        }
        // We are a provider of what we announce: a node that asks us (we may be among its k nearest) finds us too.
        announced.forEach(recordLocally);
        pump();
    }

    private void answered(SweepProvider.Request r, DhtMessage response, Throwable error) {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        SweepProvider.Actions next;
        if (error == null) {
            outcome.answered(r.peer(), now);
            next = provider.onResponse(r.id(), response, now);
        } else {
            Throwable cause = unwrap(error);
            outcome.failed(r.peer(), cause);
            next = cause instanceof TimeoutException ? provider.onTimeout(r.id(), now)
                    : provider.onFailure(r.id(), now);
        }
        take(next);
        maybeSave(now);
        reschedule();
    }

    private void pump() {
        while (sending < MAX_SENDING && !batches.isEmpty()) {
            SweepProvider.ProvideBatch b = batches.poll();
            List<Multiaddr> ours = ourAddresses.get();
            if (ours.isEmpty()) {
                LOG.debug("no address to announce; dropping a batch of {} keys to {}", b.keys().size(), b.peer());
                provider.onBatchSent(b, false);
                continue;
            }
            sending++;
            messenger.sendAll(b.peer(), usable.apply(b.addresses()), b.messages(DhtPeer.of(self, ours)))
                    .whenCompleteAsync((v, e) -> {
                        sending--;
                        if (closed) {
                            return;
                        }
                        if (e != null) {
                            LOG.debug("ADD_PROVIDER batch of {} to {} failed: {}", b.keys().size(), b.peer(),
                                    unwrap(e).toString());
                        }
                        provider.onBatchSent(b, e == null);
                        pump();
                        reschedule();
                    }, dhtThread);
        }
    }

    private void maybeSave(long now) {
        if (dirty && saver != null && now - lastSaved >= saveEvery) {
            save(now);
        }
    }

    private void save(long now) {
        dirty = false;
        lastSaved = now;
        try {
            saver.accept(provider.schedule());
        } catch (RuntimeException e) {
            LOG.warn("could not save the provide schedule", e);
        }
    }

    /** Sets the timer for the provider's next wakeup (no sooner than {@code notBefore}), replacing an older one. */
    private void reschedule() {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        long at = batches.size() >= MAX_QUEUED_BATCHES ? Long.MAX_VALUE : Math.max(provider.nextWakeup(now), notBefore);
        if (dirty && saver != null && at != Long.MAX_VALUE) {
            at = Math.min(at, Math.max(now, lastSaved + saveEvery));
        } else if (dirty && saver != null) {
            at = Math.max(now, lastSaved + saveEvery);
        }
        if (at == wakeAt && wake != null) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
            wake = null;
            wakeAt = Long.MAX_VALUE;
        }
        if (at == Long.MAX_VALUE) {
            return;
        }
        long delay = Math.min(MAX_TIMER, Math.max(0, at - now));
        wakeAt = at;
        wake = dhtThread.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the timers and saves the schedule one last time. Called by the owner once the DHT thread has stopped, so
     * nothing else touches the provider any more.
     */
    void close() {
        closed = true;
        if (wake != null) {
            wake.cancel(false);
        }
        batches.clear();
        if (saver != null) {
            save(clock.getAsLong());
        }
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
