package io.cairn.testnet.sim;

/**
 * What announcing {@code keys} CIDs cost one provide strategy on the baseline network.
 *
 * @param lookups lookups (walks) started
 * @param lookupRequests requests those lookups sent
 * @param announcements one-way messages (ADD_PROVIDER) sent
 * @param simulatedMillis simulated time from the first call to the last provider's {@code done}; -1 when the
 *     reprovide interval (the phase's deadline) ran out first
 */
public record ProvideCost(String strategy, int keys, long lookups, long lookupRequests, long announcements,
        long simulatedMillis) {
    public double messagesPerKey() {
        return (double) (lookupRequests + announcements) / keys;
    }

    public double lookupsPerKey() {
        return (double) lookups / keys;
    }
}
