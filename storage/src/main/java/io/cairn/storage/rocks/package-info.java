/**
 * The RocksDB storage engine: blocks keyed by multihash, recursive and direct pins kept as reference counts over
 * the DAG, a garbage-collection candidate set so that collection costs what the garbage costs, add sessions that
 * write in large unsynced batches under temporary pins, and constant-time statistics. {@link
 * io.cairn.storage.rocks.RocksStore} is the entry point; docs/storage-design.md is the design.
 */
package io.cairn.storage.rocks;
