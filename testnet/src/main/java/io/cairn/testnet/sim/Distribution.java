package io.cairn.testnet.sim;

import java.util.Arrays;

/** A sample of measurements (hops, milliseconds, messages), sorted, with nearest-rank percentiles. Immutable. */
public final class Distribution {
    private final long[] sorted;

    public Distribution(long[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** The nearest-rank {@code p}-th percentile ({@code 0 < p <= 100}); NaN for an empty sample. */
    public double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double mean() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    /** The values, ascending (a copy). */
    public long[] values() {
        return sorted.clone();
    }
}
