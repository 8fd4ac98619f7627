package io.cairn.testnet.sim;

/**
 * How an adversarial node misbehaves. Every adversary also drops the provider records it is sent (it accepts
 * ADD_PROVIDER and stores nothing) and never names a provider.
 */
public enum Adversary {
    /** Answers lookups with k random peers of the network: far from the target, so they waste the asker's steps. */
    LIE,
    /** Answers lookups with no peers at all. */
    EMPTY,
    /** Never answers: each request to it costs the asker a timeout. */
    SILENT,
    /** The three above in equal shares (assigned round robin). */
    MIXED
}
