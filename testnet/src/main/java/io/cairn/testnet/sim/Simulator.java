package io.cairn.testnet.sim;

import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.Lookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs the configured {@link Scenario}s at one network size and measures them. Each scenario builds its own network
 * from the same seed (so the same node IDs and latencies), provides CIDs from a few churn-exempt provider nodes, and
 * then measures find-provider lookups (GET_PROVIDERS until the first provider) from random live honest nodes.
 *
 * <p>Bounds: every phase runs until its work is done or a simulated deadline (its own length plus ten minutes) or
 * {@link SimConfig#maxEventsPerScenario()} events, whichever comes first; a scenario stopped by a bound is reported as
 * truncated. Nothing here reads the wall clock except to report how long a scenario took.
 */
public final class Simulator {
    private static final long SLACK_MILLIS = 10 * 60_000L;
    private static final long HOUR = 3_600_000L;

    private Simulator() {}

    /** Runs every scenario of {@code config} at {@code config.nodes()} nodes. */
    public static SimReport run(SimConfig config) {
        long t0 = System.nanoTime();
        List<ScenarioResult> results = new ArrayList<>();
        List<ProvideCost> costs = List.of();
        Distribution publish = new Distribution(new long[0]);
        SurvivalResult survival = null;
        if (config.scenarios().contains(Scenario.BASELINE)) {
            Run run = new Run(config, Scenario.BASELINE, 0, 0);
            costs = run.provideWithEveryStrategy();
            publish = run.publishSamples();
            results.add(run.measureLookups(run.net.now(), 50));
        }
        if (config.scenarios().contains(Scenario.CHURN)) {
            Run run = new Run(config, Scenario.CHURN, config.churnPerHour(), 0);
            run.provide(config.provideStrategies().get(0), run.newKeys(config.providedCids()));
            long start = run.net.now();
            run.net.startChurn(config.churnPerHour(), start + 2 * HOUR);
            run.net.events.runUntil(start + HOUR, config.maxEventsPerScenario());
            results.add(run.measureLookups(start + HOUR, HOUR / config.lookups()));
        }
        if (config.scenarios().contains(Scenario.ADVERSARIAL)) {
            Run run = new Run(config, Scenario.ADVERSARIAL, 0, config.adversarialFraction());
            run.provide(config.provideStrategies().get(0), run.newKeys(config.providedCids()));
            results.add(run.measureLookups(run.net.now(), 50));
        }
        if (config.scenarios().contains(Scenario.SURVIVAL)) {
            survival = new Run(config, Scenario.SURVIVAL, config.survivalChurnPerDay() / 24, 0).survival();
        }
        return new SimReport(config.nodes(), config.seed(), results, costs, publish, survival, millisSince(t0));
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** One scenario on its own network. */
    private static final class Run {
        final SimConfig config;
        final Scenario scenario;
        final double churnPerHour;
        final double adversarial;
        final SimulatedNetwork net;
        final long startedNanos = System.nanoTime();
        final long buildMillis;
        final List<SimNode> providers = new ArrayList<>();
        /** Every provided key and the node that provides it. */
        final Map<Multihash, SimNode> provided = new HashMap<>();
        final List<Multihash> providedKeys = new ArrayList<>();
        boolean truncated;

        Run(SimConfig config, Scenario scenario, double churnPerHour, double adversarial) {
            this.config = config;
            this.scenario = scenario;
            this.churnPerHour = churnPerHour;
            this.adversarial = adversarial;
            this.net = new SimulatedNetwork(config, config.seed());
            for (int i = 0; i < config.nodes(); i++) {
                net.addNode(null);
            }
            assignAdversaries();
            net.seedTablesFromKeyspace();
            if (config.refreshIntervalMillis() > 0) {
                for (SimNode n : net.live()) {
                    net.scheduleRefresh(n, (long) (net.random.nextDouble() * config.refreshIntervalMillis()));
                }
            }
            int count = config.providers() > 0 ? Math.min(config.providers(), config.nodes() / 2)
                    : Math.max(2, Math.min(20, config.nodes() / 100));
            while (providers.size() < count) {
                SimNode p = net.randomLive(true, true);
                p.stable = true;
                providers.add(p);
            }
            buildMillis = millisSince(startedNanos);
        }

        /** Adversaries are drawn from their own random source, so the network's IDs match the other scenarios'. */
        private void assignAdversaries() {
            int bad = (int) Math.round(adversarial * config.nodes());
            if (bad == 0) {
                return;
            }
            Random r = new Random(config.seed() ^ 0xbad5eedL);
            List<SimNode> nodes = new ArrayList<>(net.live());
            java.util.Collections.shuffle(nodes, r);
            Adversary[] mixed = {Adversary.LIE, Adversary.EMPTY, Adversary.SILENT};
            for (int i = 0; i < bad; i++) {
                nodes.get(i).behaviour = config.adversary() == Adversary.MIXED ? mixed[i % 3] : config.adversary();
            }
        }

        List<Multihash> newKeys(int n) {
            List<Multihash> keys = new ArrayList<>(n);
            byte[] b = new byte[32];
            for (int i = 0; i < n; i++) {
                net.random.nextBytes(b);
                keys.add(Multihash.digest(HashFunction.SHA2_256, b));
            }
            return keys;
        }

        /** Announces {@code keys}, dealt out to the providers, each provider's share in one strategy call. */
        ProvideCost provide(ProvideStrategy strategy, List<Multihash> keys) {
            Map<SimNode, List<Multihash>> shares = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                SimNode p = providers.get(i % providers.size());
                shares.computeIfAbsent(p, x -> new ArrayList<>()).add(keys.get(i));
                provided.put(keys.get(i), p);
                providedKeys.add(keys.get(i));
            }
            int[] pending = {shares.size()};
            List<SimulatedNetwork.SimProvideContext> contexts = new ArrayList<>();
            for (SimNode p : providers) {
                List<Multihash> share = shares.get(p);
                if (share != null) {
                    SimulatedNetwork.SimProvideContext ctx = net.provideContext(p);
                    contexts.add(ctx);
                    strategy.provide(ctx, share, () -> pending[0]--);
                }
            }
            long started = net.now();
            long deadline = started + config.reprovideIntervalMillis();
            runWhile(() -> pending[0] > 0, deadline);
            long millis = pending[0] > 0 ? -1 : net.now() - started;
            // Let the last announcements land before anything is looked up.
            net.events.runUntil(net.now() + config.rttMaxMillis(), config.maxEventsPerScenario());
            long lookups = 0;
            long requests = 0;
            long sends = 0;
            for (SimulatedNetwork.SimProvideContext c : contexts) {
                lookups += c.lookups;
                requests += c.lookupRequests;
                sends += c.sends;
            }
            return new ProvideCost(strategy.name(), keys.size(), lookups, requests, sends, millis);
        }

        List<ProvideCost> provideWithEveryStrategy() {
            List<ProvideCost> costs = new ArrayList<>();
            for (ProvideStrategy s : config.provideStrategies()) {
                costs.add(provide(s, newKeys(config.providedCids())));
            }
            return costs;
        }

        /** Single-CID publications with the first strategy, 200 ms apart: lookup start to last ADD_PROVIDER landed. */
        Distribution publishSamples() {
            ProvideStrategy s = config.provideStrategies().get(0);
            List<Multihash> keys = newKeys(config.publishSamples());
            long[] times = new long[keys.size()];
            int[] pending = {keys.size()};
            long start = net.now();
            for (int i = 0; i < keys.size(); i++) {
                int idx = i;
                Multihash key = keys.get(i);
                SimNode p = providers.get(i % providers.size());
                provided.put(key, p);
                providedKeys.add(key);
                net.events.at(start + 200L * i, () -> {
                    SimulatedNetwork.SimProvideContext ctx = net.provideContext(p);
                    long t = net.now();
                    s.provide(ctx, List.of(key), () -> {
                        times[idx] = Math.max(net.now(), ctx.lastLandsAt) - t;
                        pending[0]--;
                    });
                });
            }
            runWhile(() -> pending[0] > 0, start + 200L * keys.size() + SLACK_MILLIS);
            net.events.runUntil(net.now() + config.rttMaxMillis(), config.maxEventsPerScenario());
            return new Distribution(times);
        }

        /** {@link SimConfig#lookups()} find-provider lookups, one every {@code spacing} ms from {@code start}. */
        ScenarioResult measureLookups(long start, long spacing) {
            int n = config.lookups();
            List<Long> hops = new ArrayList<>();
            List<Long> latency = new ArrayList<>();
            long[] messages = new long[n];
            long[] timeouts = {0};
            int[] done = {0};
            int[] found = {0};
            long departuresBefore = net.counters.departures;
            for (int i = 0; i < n; i++) {
                int idx = i;
                net.events.at(start + spacing * i, () -> {
                    Multihash key = providedKeys.get(net.random.nextInt(providedKeys.size()));
                    SimNode provider = provided.get(key);
                    SimNode from = net.randomLive(true, false);
                    while (from == provider) {
                        from = net.randomLive(true, false);
                    }
                    net.lookup(from, Lookup.getProviders(key).enoughProviders(1), o -> {
                        done[0]++;
                        messages[idx] = o.result().requestsSent();
                        timeouts[0] += o.result().timeouts();
                        if (o.result().providers().stream().map(DhtPeer::id).anyMatch(provider.id::equals)) {
                            found[0]++;
                            hops.add((long) o.result().providerHops());
                            latency.add(o.millis());
                        }
                    });
                });
            }
            long simStart = net.now();
            runWhile(() -> done[0] < n, start + spacing * n + SLACK_MILLIS);
            truncated |= done[0] < n;
            return new ScenarioResult(scenario, config.nodes(), churnPerHour, adversarial, n, found[0],
                    new Distribution(hops.stream().mapToLong(Long::longValue).toArray()),
                    new Distribution(latency.stream().mapToLong(Long::longValue).toArray()),
                    new Distribution(messages), timeouts[0], net.counters.departures - departuresBefore,
                    buildMillis, millisSince(startedNanos), net.events.processed(), net.now() - simStart, truncated);
        }

        /**
         * Provides the survival CIDs at time 0 and reprovides them every interval, under churn, sampling every hour:
         * the live holders of each CID, and find-provider lookups for up to 50 of them from random live nodes.
         */
        SurvivalResult survival() {
            ProvideStrategy s = config.provideStrategies().get(0);
            List<Multihash> keys = newKeys(config.survivalCids());
            long start = net.now();
            provide(s, keys);
            long end = start + (long) (config.days() * 24 * HOUR);
            net.startChurn(churnPerHour, end);
            int[] reprovides = {0};
            for (long t = start + config.reprovideIntervalMillis(); t < end; t += config.reprovideIntervalMillis()) {
                net.events.at(t, () -> {
                    reprovides[0]++;
                    Map<SimNode, List<Multihash>> shares = new HashMap<>();
                    for (Multihash k : keys) {
                        shares.computeIfAbsent(provided.get(k), x -> new ArrayList<>()).add(k);
                    }
                    for (SimNode p : providers) {
                        if (shares.containsKey(p)) {
                            s.provide(net.provideContext(p), shares.get(p), () -> { });
                        }
                    }
                });
            }
            List<Multihash> sample = keys.subList(0, Math.min(50, keys.size()));
            List<Double> hours = new ArrayList<>();
            List<Double> findable = new ArrayList<>();
            List<Double> holders = new ArrayList<>();
            int samples = (int) (config.days() * 24);
            int[] found = new int[samples];
            int[] answered = new int[samples];
            for (int h = 1; h <= samples; h++) {
                int idx = h - 1;
                hours.add((double) h);
                net.events.at(start + h * HOUR, () -> {
                    long sum = 0;
                    for (Multihash k : keys) {
                        sum += net.liveHolders(k);
                    }
                    holders.add((double) sum / keys.size());
                    for (Multihash k : sample) {
                        SimNode from = net.randomLive(true, false);
                        SimNode provider = provided.get(k);
                        net.lookup(from, Lookup.getProviders(k).enoughProviders(1), o -> {
                            answered[idx]++;
                            if (o.result().providers().stream().map(DhtPeer::id).anyMatch(provider.id::equals)) {
                                found[idx]++;
                            }
                        });
                    }
                });
            }
            boolean complete = net.events.runUntil(end + SLACK_MILLIS, config.maxEventsPerScenario());
            for (int i = 0; i < samples; i++) {
                findable.add(answered[i] == 0 ? 0.0 : (double) found[i] / sample.size());
            }
            truncated |= !complete || holders.size() < samples;
            while (holders.size() < samples) {
                holders.add(Double.NaN);
            }
            return new SurvivalResult(config.nodes(), config.days(), config.survivalChurnPerDay(), keys.size(), hours,
                    findable, holders, reprovides[0], net.counters.departures, millisSince(startedNanos), truncated);
        }

        private void runWhile(java.util.function.BooleanSupplier notDone, long until) {
            truncated |= !net.events.runWhile(notDone, until, config.maxEventsPerScenario());
        }
    }
}
