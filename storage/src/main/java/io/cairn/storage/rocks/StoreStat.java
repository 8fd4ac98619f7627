package io.cairn.storage.rocks;

/**
 * What a store holds, read from its counters in constant time.
 *
 * @param objects distinct blocks stored (by multihash)
 * @param bytes the blocks' total size (block bytes only, not RocksDB's overhead or not-yet-compacted space)
 * @param storageMax the configured limit, {@link StoreOptions#storageMax()}
 */
public record StoreStat(long objects, long bytes, long storageMax) {}
