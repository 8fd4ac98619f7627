package io.cairn.network.dht;

/**
 * What a {@link SweepProvider} has done, for {@code cairn provide stat} and for the simulator's cost figures. Counters
 * run from the provider's creation (not persisted); cycles are the schedule's intervals.
 *
 * @param keys keys being provided
 * @param queueLength keys waiting for their first provide
 * @param regions regions in the schedule
 * @param prefixLength the prefix length given to new regions (-1 before the routing table was seen)
 * @param sweepsInFlight sweeps walking now
 * @param sweeps sweeps finished (provides and reprovides; failed ones not included)
 * @param failedSweeps sweeps that reached no server and were put back for a retry
 * @param lookups FIND_NODE lookups run by walks
 * @param lookupMessages requests those lookups sent: the cost to compare with one lookup per key
 * @param keysProvided keys announced, a key counted once per sweep that announced it
 * @param addProviderMessages ADD_PROVIDER messages handed to the driver (key and peer pairs)
 * @param batches per-peer batches handed to the driver (one stream each)
 * @param batchesFailed batches the driver reported undelivered
 * @param currentCycle the cycle in progress, up to now
 * @param lastCycle the last finished cycle, or null before the first one ends
 */
public record ProvideStats(long keys, long queueLength, int regions, int prefixLength, int sweepsInFlight,
        long sweeps, long failedSweeps, long lookups, long lookupMessages, long keysProvided,
        long addProviderMessages, long batches, long batchesFailed, Cycle currentCycle, Cycle lastCycle) {

    /**
     * One reprovide cycle.
     *
     * @param number the cycle number, 0 for the one starting at the schedule's cycle start
     * @param start when it started
     * @param end when it ended (for the current one: now)
     * @param keysProvided keys announced in it, first provides included
     * @param keysReprovided keys announced by scheduled reprovides
     * @param regionsSwept reprovide sweeps finished
     * @param lookups lookups run
     * @param lookupMessages lookup requests sent
     */
    public record Cycle(long number, long start, long end, long keysProvided, long keysReprovided,
            long regionsSwept, long lookups, long lookupMessages) {
        /** Keys announced per second of the cycle. */
        public double keysPerSecond() {
            return end <= start ? 0 : keysProvided * 1000.0 / (end - start);
        }
    }

    /** Keys per second over the last finished cycle, or over the current one before any finished. */
    public double keysPerSecond() {
        return (lastCycle != null ? lastCycle : currentCycle).keysPerSecond();
    }

    /** Lookup requests per key announced: one lookup per key would cost a whole lookup's requests. */
    public double lookupMessagesPerKey() {
        return keysProvided == 0 ? 0 : (double) lookupMessages / keysProvided;
    }

    /**
     * The fraction of one-lookup-per-key's lookup requests this provider spent: {@code lookupMessages} over
     * {@code keysProvided * messagesPerLookup}, where the caller measured what one lookup costs in its network.
     */
    public double fractionOfOneLookupPerKey(double messagesPerLookup) {
        return keysProvided == 0 ? 0 : lookupMessages / (keysProvided * messagesPerLookup);
    }
}
