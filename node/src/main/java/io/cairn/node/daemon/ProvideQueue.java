package io.cairn.node.daemon;

import io.cairn.core.multiformats.Multihash;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces keys in the background: a de-duplicated FIFO of multihashes, at most {@code parallelism} announcements
 * in flight, at most {@code maxQueued} waiting (more are dropped with a warning; the next reprovide catches them).
 * Each announcement is one DHT lookup; batching by keyspace region (the sweep) is the planned replacement.
 * In memory only: a restart forgets what was still queued.
 */
final class ProvideQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ProvideQueue.class);

    private final Function<Multihash, CompletableFuture<Void>> provide;
    private final int parallelism;
    private final int maxQueued;
    private final LinkedHashSet<Multihash> queue = new LinkedHashSet<>();
    private final AtomicLong provided = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private int inFlight;
    private boolean closed;
    private long dropped;

    ProvideQueue(Function<Multihash, CompletableFuture<Void>> provide, int parallelism, int maxQueued) {
        this.provide = provide;
        this.parallelism = parallelism;
        this.maxQueued = maxQueued;
    }

    void add(Collection<Multihash> keys) {
        synchronized (this) {
            for (Multihash k : keys) {
                if (queue.size() >= maxQueued) {
                    dropped++;
                    continue;
                }
                queue.add(k);
            }
            if (dropped > 0 && dropped % 10_000 == 1) {
                LOG.warn("provide queue full ({} keys): {} keys dropped so far", maxQueued, dropped);
            }
        }
        pump();
    }

    private void pump() {
        while (true) {
            Multihash next;
            synchronized (this) {
                if (closed || inFlight >= parallelism || queue.isEmpty()) {
                    return;
                }
                Iterator<Multihash> it = queue.iterator();
                next = it.next();
                it.remove();
                inFlight++;
            }
            CompletableFuture<Void> f;
            try {
                f = provide.apply(next);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((v, e) -> {
                (e == null ? provided : failed).incrementAndGet();
                if (e != null) {
                    LOG.debug("providing {} failed: {}", next, e.toString());
                }
                synchronized (this) {
                    inFlight--;
                }
                pump();
            });
        }
    }

    synchronized int queued() {
        return queue.size();
    }

    long provided() {
        return provided.get();
    }

    long failed() {
        return failed.get();
    }

    synchronized void close() {
        closed = true;
        queue.clear();
    }
}
