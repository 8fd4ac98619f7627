package io.cairn.testnet.sim;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a simulation run depends on; with the same config (seed included) a run gives the same figures.
 * Defaults follow Cairn's own DHT driver (k 20, alpha 3, a 10 s request timeout) and the targets (50 to
 * 150 ms round trips, 20% churn per hour, 10% adversarial nodes, reprovide every 22 h).
 */
public final class SimConfig {
    private final int nodes;
    private final long seed;
    private final double churnPerHour;
    private final double adversarialFraction;
    private final Adversary adversary;
    private final double days;
    private final double survivalChurnPerDay;
    private final int lookups;
    private final int providedCids;
    private final int publishSamples;
    private final int providers;
    private final int survivalCids;
    private final long rttMinMillis;
    private final long rttMaxMillis;
    private final long requestTimeoutMillis;
    private final int alpha;
    private final int k;
    private final long refreshIntervalMillis;
    private final boolean joinerRefresh;
    private final long reprovideIntervalMillis;
    private final long maxEventsPerScenario;
    private final List<ProvideStrategy> provideStrategies;
    private final Set<Scenario> scenarios;

    private SimConfig(Builder b) {
        this.nodes = b.nodes;
        this.seed = b.seed;
        this.churnPerHour = b.churnPerHour;
        this.adversarialFraction = b.adversarialFraction;
        this.adversary = b.adversary;
        this.days = b.days;
        this.survivalChurnPerDay = b.survivalChurnPerDay;
        this.lookups = b.lookups;
        this.providedCids = b.providedCids;
        this.publishSamples = b.publishSamples;
        this.providers = b.providers;
        this.survivalCids = b.survivalCids;
        this.rttMinMillis = b.rttMinMillis;
        this.rttMaxMillis = b.rttMaxMillis;
        this.requestTimeoutMillis = b.requestTimeoutMillis;
        this.alpha = b.alpha;
        this.k = b.k;
        this.refreshIntervalMillis = b.refreshIntervalMillis;
        this.joinerRefresh = b.joinerRefresh;
        this.reprovideIntervalMillis = b.reprovideIntervalMillis;
        this.maxEventsPerScenario = b.maxEventsPerScenario;
        this.provideStrategies = List.copyOf(b.provideStrategies);
        this.scenarios = Set.copyOf(b.scenarios);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to vary one of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nodes = nodes;
        b.seed = seed;
        b.churnPerHour = churnPerHour;
        b.adversarialFraction = adversarialFraction;
        b.adversary = adversary;
        b.days = days;
        b.survivalChurnPerDay = survivalChurnPerDay;
        b.lookups = lookups;
        b.providedCids = providedCids;
        b.publishSamples = publishSamples;
        b.providers = providers;
        b.survivalCids = survivalCids;
        b.rttMinMillis = rttMinMillis;
        b.rttMaxMillis = rttMaxMillis;
        b.requestTimeoutMillis = requestTimeoutMillis;
        b.alpha = alpha;
        b.k = k;
        b.refreshIntervalMillis = refreshIntervalMillis;
        b.joinerRefresh = joinerRefresh;
        b.reprovideIntervalMillis = reprovideIntervalMillis;
        b.maxEventsPerScenario = maxEventsPerScenario;
        b.provideStrategies = provideStrategies;
        b.scenarios = EnumSet.copyOf(scenarios);
        return b;
    }

    public int nodes() {
        return nodes;
    }

    public long seed() {
        return seed;
    }

    /** The fraction of the nodes that leave (each replaced by a newcomer) per simulated hour in {@link Scenario#CHURN}. */
    public double churnPerHour() {
        return churnPerHour;
    }

    public double adversarialFraction() {
        return adversarialFraction;
    }

    public Adversary adversary() {
        return adversary;
    }

    /** Simulated days of {@link Scenario#SURVIVAL}. */
    public double days() {
        return days;
    }

    /** The fraction of the nodes replaced per simulated day in {@link Scenario#SURVIVAL}. */
    public double survivalChurnPerDay() {
        return survivalChurnPerDay;
    }

    /** Find-provider lookups measured per scenario. */
    public int lookups() {
        return lookups;
    }

    /** CIDs provided (in batches, one per provider) before the lookups, by each provide strategy in turn. */
    public int providedCids() {
        return providedCids;
    }

    /** CIDs provided one at a time to time a single publication. */
    public int publishSamples() {
        return publishSamples;
    }

    /**
     * How many nodes the provided CIDs are dealt to: 0 for the default (1% of the nodes, between 2 and 20). The
     * sweep's cost is per provider and independent of its key count, so its fraction of one-lookup's cost depends on
     * the keys per provider: one provider measures "one node reprovides all of them".
     */
    public int providers() {
        return providers;
    }

    public int survivalCids() {
        return survivalCids;
    }

    public long rttMinMillis() {
        return rttMinMillis;
    }

    public long rttMaxMillis() {
        return rttMaxMillis;
    }

    public long requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    public int alpha() {
        return alpha;
    }

    public int k() {
        return k;
    }

    /** How often each node probes the table peers that have not answered for that long; 0 is never. */
    public long refreshIntervalMillis() {
        return refreshIntervalMillis;
    }

    /** Whether a newcomer refreshes each bucket with a lookup after its own-ID lookup, as Cairn's bootstrap does. */
    public boolean joinerRefresh() {
        return joinerRefresh;
    }

    public long reprovideIntervalMillis() {
        return reprovideIntervalMillis;
    }

    public long maxEventsPerScenario() {
        return maxEventsPerScenario;
    }

    /** The strategies whose provide cost is measured; the first also announces the CIDs the lookups look for. */
    public List<ProvideStrategy> provideStrategies() {
        return provideStrategies;
    }

    public Set<Scenario> scenarios() {
        return scenarios;
    }

    /** Builds a {@link SimConfig}. */
    public static final class Builder {
        private int nodes = 1000;
        private long seed = 1;
        private double churnPerHour = 0.2;
        private double adversarialFraction = 0.1;
        private Adversary adversary = Adversary.MIXED;
        private double days = 3;
        private double survivalChurnPerDay = 0.5;
        private int lookups = 1000;
        private int providedCids = 500;
        private int publishSamples = 100;
        private int providers;
        private int survivalCids = 100;
        private long rttMinMillis = 50;
        private long rttMaxMillis = 150;
        private long requestTimeoutMillis = 10_000;
        private int alpha = 3;
        private int k = 20;
        private long refreshIntervalMillis;
        private boolean joinerRefresh = true;
        private long reprovideIntervalMillis = 22L * 3600_000;
        private long maxEventsPerScenario = 200_000_000L;
        private List<ProvideStrategy> provideStrategies = List.of(new OneLookupPerCid(), new SweepProvideStrategy());
        private EnumSet<Scenario> scenarios = EnumSet.allOf(Scenario.class);

        private Builder() {}

        public Builder nodes(int n) {
            this.nodes = atLeast(n, 2, "nodes");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder churnPerHour(double f) {
            this.churnPerHour = fraction(f, "churn", 10);
            return this;
        }

        public Builder adversarialFraction(double f) {
            this.adversarialFraction = fraction(f, "adversarial fraction", 0.9);
            return this;
        }

        public Builder adversary(Adversary a) {
            this.adversary = Objects.requireNonNull(a);
            return this;
        }

        public Builder days(double d) {
            if (!(d > 0 && d <= 60)) {
                throw new IllegalArgumentException("days must be in (0, 60]: " + d);
            }
            this.days = d;
            return this;
        }

        public Builder survivalChurnPerDay(double f) {
            this.survivalChurnPerDay = fraction(f, "survival churn", 24);
            return this;
        }

        public Builder lookups(int n) {
            this.lookups = atLeast(n, 1, "lookups");
            return this;
        }

        public Builder providedCids(int n) {
            this.providedCids = atLeast(n, 1, "provided CIDs");
            return this;
        }

        /** See {@link SimConfig#providers()}; 0 for the default. */
        public Builder providers(int n) {
            this.providers = atLeast(n, 0, "providers");
            return this;
        }

        public Builder publishSamples(int n) {
            this.publishSamples = atLeast(n, 1, "publish samples");
            return this;
        }

        public Builder survivalCids(int n) {
            this.survivalCids = atLeast(n, 1, "survival CIDs");
            return this;
        }

        public Builder rtt(long minMillis, long maxMillis) {
            if (minMillis < 2 || maxMillis < minMillis) {
                throw new IllegalArgumentException("round trips must satisfy 2 <= min <= max");
            }
            this.rttMinMillis = minMillis;
            this.rttMaxMillis = maxMillis;
            return this;
        }

        public Builder requestTimeoutMillis(long ms) {
            this.requestTimeoutMillis = atLeast(ms, 1, "request timeout");
            return this;
        }

        public Builder alpha(int a) {
            this.alpha = atLeast(a, 1, "alpha");
            return this;
        }

        public Builder k(int k) {
            this.k = atLeast(k, 1, "k");
            return this;
        }

        public Builder refreshIntervalMillis(long ms) {
            this.refreshIntervalMillis = Math.max(0, ms);
            return this;
        }

        public Builder joinerRefresh(boolean on) {
            this.joinerRefresh = on;
            return this;
        }

        public Builder reprovideIntervalMillis(long ms) {
            this.reprovideIntervalMillis = atLeast(ms, 1, "reprovide interval");
            return this;
        }

        public Builder maxEventsPerScenario(long n) {
            this.maxEventsPerScenario = atLeast(n, 1, "max events");
            return this;
        }

        public Builder provideStrategies(List<ProvideStrategy> s) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("at least one provide strategy");
            }
            this.provideStrategies = List.copyOf(s);
            return this;
        }

        public Builder scenarios(Set<Scenario> s) {
            this.scenarios = s.isEmpty() ? EnumSet.noneOf(Scenario.class) : EnumSet.copyOf(s);
            return this;
        }

        public SimConfig build() {
            return new SimConfig(this);
        }

        private static int atLeast(int v, int min, String what) {
            if (v < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ": " + v);
            }
            return v;
        }

        private static long atLeast(long v, long min, String what) {
            if (v < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ": " + v);
            }
            return v;
        }

        private static double fraction(double f, String what, double max) {
            if (!(f >= 0 && f <= max)) {
                throw new IllegalArgumentException(what + " must be in [0, " + max + "]: " + f);
            }
            return f;
        }
    }
}
