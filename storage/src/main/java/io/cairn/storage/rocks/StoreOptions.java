package io.cairn.storage.rocks;

/**
 * How {@link RocksStore#open} opens a store.
 *
 * @param hashOnRead re-hash every block read and fail with {@link CorruptBlockException} when it does not match
 * @param readOnly open without write access (several read-only openers may share a store); writes fail with
 *     {@link ReadOnlyStoreException}
 * @param storageMax the stored bytes the store should stay under (Kubo's {@code Datastore.StorageMax})
 * @param gcWatermark percent of {@code storageMax} past which {@link GarbageCollector#collectIfOverWatermark()}
 *     collects (Kubo's {@code Datastore.StorageGCWatermark})
 */
public record StoreOptions(boolean hashOnRead, boolean readOnly, long storageMax, int gcWatermark) {
    /** Kubo's default {@code StorageMax}, "10GB". */
    public static final long DEFAULT_STORAGE_MAX = 10_000_000_000L;
    /** Kubo's default {@code StorageGCWatermark}. */
    public static final int DEFAULT_GC_WATERMARK = 90;

    public StoreOptions {
        if (storageMax <= 0) {
            throw new IllegalArgumentException("storageMax must be positive, got " + storageMax);
        }
        if (gcWatermark < 0 || gcWatermark > 100) {
            throw new IllegalArgumentException("gcWatermark is a percentage, got " + gcWatermark);
        }
    }

    /** Read-write, no hash on read, Kubo's default storage limit and watermark. */
    public static StoreOptions defaults() {
        return new StoreOptions(false, false, DEFAULT_STORAGE_MAX, DEFAULT_GC_WATERMARK);
    }

    public StoreOptions withHashOnRead(boolean value) {
        return new StoreOptions(value, readOnly, storageMax, gcWatermark);
    }

    public StoreOptions withReadOnly(boolean value) {
        return new StoreOptions(hashOnRead, value, storageMax, gcWatermark);
    }

    public StoreOptions withStorageMax(long value) {
        return new StoreOptions(hashOnRead, readOnly, value, gcWatermark);
    }

    public StoreOptions withGcWatermark(int value) {
        return new StoreOptions(hashOnRead, readOnly, storageMax, value);
    }

    /** Stored bytes past which automatic GC runs: {@code storageMax * gcWatermark / 100}. */
    public long gcThreshold() {
        return (long) ((double) storageMax * gcWatermark / 100.0);
    }
}
