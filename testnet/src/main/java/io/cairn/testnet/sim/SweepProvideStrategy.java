package io.cairn.testnet.sim;

import io.cairn.core.multiformats.Multihash;
import io.cairn.network.dht.DhtMessage;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.ProvideStats;
import io.cairn.network.dht.ProviderKeySet;
import io.cairn.network.dht.SweepProvider;
import java.util.List;

/**
 * Cairn's real {@link SweepProvider} (Kubo's sweep provider design) driven through a {@link ProvideContext}, following
 * the driver recipe of its class comment: keys go in with {@code startProviding}, {@code poll} runs at
 * {@code nextWakeup}, each {@link SweepProvider.Request} becomes one simulated FIND_NODE (the simulator's latency,
 * timeout and table upkeep) whose outcome is reported back by id, and each {@link SweepProvider.ProvideBatch} becomes
 * its ADD_PROVIDER sends. One call runs the first provide of the keys (the queued keys swept region by region) and
 * ends when the queue is empty and no sweep is in flight; the lookups counted are the provider's own
 * ({@link ProvideStats#lookups()}: every lookup of every walk, including the one-per-key lookups of sparse regions).
 *
 * <p>Each call builds a fresh provider with in-memory key sets, so calls are independent and a batch's cost is what
 * sweeping that batch costs; the reprovides it would schedule afterwards are not run (the first provide of K keys
 * walks the same regions a reprovide cycle does).
 */
public final class SweepProvideStrategy implements ProvideStrategy {
    @Override
    public String name() {
        return ReportTable.SWEEP;
    }

    @Override
    public void provide(ProvideContext context, List<Multihash> keys, Runnable done) {
        SweepProvider provider = SweepProvider.builder(context.self().id(), ProviderKeySet.inMemory(),
                ProviderKeySet.inMemory()).build();
        for (Multihash key : keys) {
            provider.startProviding(key);
        }
        new Driver(context, provider, done).poll();
    }

    /** One provider's driver; everything runs on the simulator's loop, so no locking. */
    private static final class Driver {
        final ProvideContext context;
        final SweepProvider provider;
        final Runnable done;
        boolean finished;
        /** The time of the one poll timer armed, or MAX_VALUE: never more than one timer in the queue. */
        long armedAt = Long.MAX_VALUE;

        Driver(ProvideContext context, SweepProvider provider, Runnable done) {
            this.context = context;
            this.provider = provider;
            this.done = done;
        }

        void poll() {
            if (finished) {
                return;
            }
            SweepProvider.Actions a = provider.poll(context.now(), context.routingTable());
            take(a);
            settle(a.isEmpty());
        }

        void settle() {
            settle(false);
        }

        /**
         * After any event: finish when all is provided, else poll now or arm a timer for the next wakeup.
         * {@code nextWakeup} answers "now" whenever more keys are queued than sweeps provide, even when every queued
         * key's region overlaps a sweep in flight; after a poll that started nothing, "now" is therefore left to the
         * next answer (which re-settles), so the driver never spins at one instant.
         */
        void settle(boolean idlePoll) {
            if (finished) {
                return;
            }
            if (provider.queueLength() == 0 && provider.sweepsInFlight() == 0) {
                finished = true;
                context.countLookups(provider.stats(context.now()).lookups());
                done.run();
                return;
            }
            if (provider.queueLength() == 0) {
                return; // only reprovides would be due later; the sweeps in flight call back
            }
            long wake = provider.nextWakeup(context.now());
            if (idlePoll && wake <= context.now()) {
                if (provider.sweepsInFlight() > 0) {
                    return;
                }
                wake = context.now() + 1000; // nothing in flight to wake us: look again in a second
            }
            if (wake == Long.MAX_VALUE || wake >= armedAt) {
                return;
            }
            armedAt = wake;
            // Always from a later event, so a burst of answers at one instant costs one poll.
            context.at(wake, () -> {
                armedAt = Long.MAX_VALUE;
                poll();
            });
        }

        void take(SweepProvider.Actions actions) {
            for (SweepProvider.ProvideBatch b : actions.batches()) {
                DhtPeer to = DhtPeer.of(b.peer(), b.addresses());
                for (DhtMessage m : b.messages(context.self())) {
                    context.send(to, m);
                }
                provider.onBatchSent(b, true);
            }
            for (SweepProvider.Request r : actions.requests()) {
                long id = r.id();
                context.request(DhtPeer.of(r.peer(), r.addresses()), r.message(), new ProvideContext.Reply() {
                    @Override
                    public void answered(DhtMessage response) {
                        take(provider.onResponse(id, response, context.now()));
                        settle();
                    }

                    @Override
                    public void failed() {
                        take(provider.onFailure(id, context.now()));
                        settle();
                    }

                    @Override
                    public void timedOut() {
                        take(provider.onTimeout(id, context.now()));
                        settle();
                    }
                });
            }
        }
    }
}
