package io.cairn.core.unixfs;

import java.time.Instant;

/**
 * A UnixFS modification time: seconds since the epoch (may be negative) and a fractional part in nanoseconds.
 * A {@code nanos} of 0 means "no fractional part": the spec forbids {@code FractionalNanoseconds = 0} on the wire,
 * so the encoder omits the field, and a decoded time without it has {@code nanos == 0}.
 *
 * @param seconds seconds relative to 1970-01-01T00:00:00Z
 * @param nanos fractional nanoseconds, 0 to 999,999,999
 */
public record UnixFsMtime(long seconds, int nanos) {
    public UnixFsMtime {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("fractional nanoseconds out of range: " + nanos);
        }
    }

    public static UnixFsMtime of(Instant instant) {
        return new UnixFsMtime(instant.getEpochSecond(), instant.getNano());
    }

    public Instant toInstant() {
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
