package io.cairn.network.dht;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link RecordStore}: records live {@code maxAge} (go's {@code MaxRecordAge}, 48 h) after they were
 * stored, and at most {@code maxRecords} are held (when full, expired ones are purged, then newcomers refused).
 */
public final class MemoryRecordStore implements RecordStore {
    public static final long DEFAULT_MAX_AGE_MILLIS = 48L * 3600 * 1000;

    private record Stored(DhtRecord record, long storedAt) {}

    private final int maxRecords;
    private final long maxAge;
    private final Map<ByteBuffer, Stored> records = new HashMap<>();

    public MemoryRecordStore(int maxRecords) {
        this(maxRecords, DEFAULT_MAX_AGE_MILLIS);
    }

    public MemoryRecordStore(int maxRecords, long maxAgeMillis) {
        this.maxRecords = maxRecords;
        this.maxAge = maxAgeMillis;
    }

    @Override
    public Optional<DhtRecord> get(byte[] key, long now) {
        Stored s = records.get(ByteBuffer.wrap(key.clone()));
        return s == null || now - s.storedAt() >= maxAge ? Optional.empty() : Optional.of(s.record());
    }

    @Override
    public boolean put(DhtRecord record, long now) {
        ByteBuffer k = ByteBuffer.wrap(record.key());
        if (!records.containsKey(k) && records.size() >= maxRecords) {
            for (Iterator<Stored> it = records.values().iterator(); it.hasNext(); ) {
                if (now - it.next().storedAt() >= maxAge) {
                    it.remove();
                }
            }
            if (records.size() >= maxRecords) {
                return false;
            }
        }
        records.put(k, new Stored(record, now));
        return true;
    }

    public int size() {
        return records.size();
    }
}
