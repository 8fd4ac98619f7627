package io.cairn.testnet.sim;

import java.util.List;

/**
 * Provider records over simulated days of churn, sampled every hour.
 *
 * @param hours the sample times, in hours since the records were first provided
 * @param findable the fraction of sampled find-provider lookups that found the provider
 * @param meanHolders the mean number of live nodes holding an unexpired record, per CID
 * @param reprovides reprovide rounds run (every 22 h by default)
 */
public record SurvivalResult(int nodes, double days, double churnPerDay, int cids, List<Double> hours,
        List<Double> findable, List<Double> meanHolders, int reprovides, long departures, long wallMillis,
        boolean truncated) {
    public SurvivalResult {
        hours = List.copyOf(hours);
        findable = List.copyOf(findable);
        meanHolders = List.copyOf(meanHolders);
    }

    /** The worst hourly findable fraction. */
    public double minFindable() {
        return findable.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double lastFindable() {
        return findable.isEmpty() ? Double.NaN : findable.get(findable.size() - 1);
    }
}
