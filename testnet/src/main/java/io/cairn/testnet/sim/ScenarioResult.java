package io.cairn.testnet.sim;

/**
 * The find-provider lookups of one scenario. Hops and latency are over the successful lookups (time and hops to the
 * first provider); messages over all of them.
 *
 * @param hops for each successful lookup, the hop of the peer whose answer carried the first provider (1 = a seed)
 * @param latencyMillis for each successful lookup, simulated time from its start to the first provider
 * @param messages for each lookup, the requests it sent
 * @param departures nodes that left during the scenario (as many joined)
 * @param wallMillis real time taken by the scenario, network build included
 * @param truncated whether the event or time bound stopped it before its lookups ended
 */
public record ScenarioResult(Scenario scenario, int nodes, double churnPerHour, double adversarialFraction,
        int lookups, int successes, Distribution hops, Distribution latencyMillis, Distribution messages,
        long timeouts, long departures, long buildMillis, long wallMillis, long events, long simulatedMillis,
        boolean truncated) {
    public double successRate() {
        return lookups == 0 ? Double.NaN : (double) successes / lookups;
    }
}
