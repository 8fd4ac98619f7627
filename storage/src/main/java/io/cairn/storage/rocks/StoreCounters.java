package io.cairn.storage.rocks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of the store's key reads and writes, so tests can assert that an operation's cost follows what it
 * changes (a pin update reads only the blocks that differ; GC reads only its candidates) without timing anything.
 */
final class StoreCounters {
    /** Reads of the {@code blocks} column family (block bytes). */
    final AtomicLong blockReads = new AtomicLong();
    /** Reads of the {@code sizes} column family (presence and size checks). */
    final AtomicLong sizeReads = new AtomicLong();
    /** Point reads of {@code refs} entries. */
    final AtomicLong refReads = new AtomicLong();
    /** {@code refs} entries written or deleted. */
    final AtomicLong refWrites = new AtomicLong();
    /** Liveness checks of a whole multihash (a {@code refs} seek), made by GC and block deletes. */
    final AtomicLong livenessChecks = new AtomicLong();
    /** Candidates read from the {@code gc} column family. */
    final AtomicLong candidatesRead = new AtomicLong();
    /** Blocks written (new ones only). */
    final AtomicLong blockWrites = new AtomicLong();
    /** Blocks deleted. */
    final AtomicLong blockDeletes = new AtomicLong();

    void reset() {
        for (AtomicLong a : new AtomicLong[] {blockReads, sizeReads, refReads, refWrites, livenessChecks,
                candidatesRead, blockWrites, blockDeletes}) {
            a.set(0);
        }
    }

    @Override
    public String toString() {
        return "blockReads=" + blockReads + " sizeReads=" + sizeReads + " refReads=" + refReads + " refWrites="
                + refWrites + " livenessChecks=" + livenessChecks + " candidatesRead=" + candidatesRead
                + " blockWrites=" + blockWrites + " blockDeletes=" + blockDeletes;
    }
}
