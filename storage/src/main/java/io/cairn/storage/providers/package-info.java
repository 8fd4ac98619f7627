/**
 * Provider records on disk: {@link io.cairn.storage.providers.RocksProviderStore}, core's
 * {@link io.cairn.core.routing.ProviderStore} in a small RocksDB of its own ({@code providers/} in the repository),
 * with the same bounds as network's in-memory store, counters that survive a restart, and an expiry sweep whose
 * cost follows what it removes. Layout and the reason for a separate database: docs/storage-design.md.
 *
 * <p>Also what this node provides: {@link io.cairn.storage.providers.RocksProvideStore} ({@code provide/}), the
 * sweep provider's key sets ({@link io.cairn.storage.providers.RocksProviderKeySet}) and its schedule's bytes.
 */
package io.cairn.storage.providers;
