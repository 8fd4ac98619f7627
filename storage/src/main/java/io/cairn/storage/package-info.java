/**
 * Durable block storage for a Cairn node (not yet built; see issue "Storage"): the RocksDB {@code BlockStore} keyed by multihash,
 * recursive/direct/indirect pins, garbage collection whose cost follows the garbage, and the repository layout, lock, config and key files.
 */
package io.cairn.storage;
