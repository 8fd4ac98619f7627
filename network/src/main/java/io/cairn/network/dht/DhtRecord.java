package io.cairn.network.dht;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A value record ({@code record.pb.Record}): key, value, and the RFC 3339 time the storing peer received it, which
 * the receiver sets and the sender leaves empty. Immutable; the arrays are copied in and out.
 */
public final class DhtRecord {
    private final byte[] key;
    private final byte[] value;
    private final String timeReceived;

    public DhtRecord(byte[] key, byte[] value, String timeReceived) {
        this.key = key.clone();
        this.value = value.clone();
        this.timeReceived = Objects.requireNonNull(timeReceived, "timeReceived");
    }

    public static DhtRecord of(byte[] key, byte[] value) {
        return new DhtRecord(key, value, "");
    }

    public byte[] key() {
        return key.clone();
    }

    public byte[] value() {
        return value.clone();
    }

    /** Empty when unset. */
    public String timeReceived() {
        return timeReceived;
    }

    public DhtRecord withTimeReceived(String time) {
        return new DhtRecord(key, value, time);
    }

    byte[] keyUnsafe() {
        return key;
    }

    byte[] valueUnsafe() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhtRecord r && Arrays.equals(key, r.key) && Arrays.equals(value, r.value)
                && timeReceived.equals(r.timeReceived);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), timeReceived);
    }

    @Override
    public String toString() {
        return "DhtRecord[key=" + HexFormat.of().formatHex(key) + ", value=" + value.length + " bytes, timeReceived="
                + timeReceived + "]";
    }
}
