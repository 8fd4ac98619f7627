package io.cairn.testnet.sim;

/** The measurements one run can make, each on a freshly built network of the same size and seed. */
public enum Scenario {
    /** No churn, no adversaries: provide cost, publish time, find-provider hops, latency, messages. */
    BASELINE,
    /** Find-provider lookups while {@link SimConfig#churnPerHour} of the nodes leave and as many join each hour. */
    CHURN,
    /** Find-provider lookups with {@link SimConfig#adversarialFraction} of the nodes adversarial. */
    ADVERSARIAL,
    /** Provider records over {@link SimConfig#days} of churn, reprovided every 22 h, expiring at 48 h. */
    SURVIVAL
}
