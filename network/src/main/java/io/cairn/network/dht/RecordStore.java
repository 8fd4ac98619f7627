package io.cairn.network.dht;

import java.util.Optional;

/** Value records (PUT_VALUE / GET_VALUE) held for other peers, keyed by the raw record key. */
public interface RecordStore {
    /** The record at {@code key}, if held and not expired at {@code now}. */
    Optional<DhtRecord> get(byte[] key, long now);

    /** Stores {@code record} (already validated) at its key, replacing any; false when refused for lack of room. */
    boolean put(DhtRecord record, long now);
}
