/**
 * Content routing's storage port: {@link io.cairn.core.routing.ProviderStore}, the provider records a DHT server
 * keeps (which peers announced that they hold the content of a multihash), with its bounds and lifetimes in
 * {@link io.cairn.core.routing.ProviderLimits}.
 *
 * <p>The port lives in core, not in network, so that the storage module can implement it on RocksDB while network
 * (the DHT, its only caller) and storage stay independent of each other. Implementations: network's in-memory
 * {@code MemoryProviderStore} and storage's {@code RocksProviderStore}; both pass the same contract test.
 */
package io.cairn.core.routing;
