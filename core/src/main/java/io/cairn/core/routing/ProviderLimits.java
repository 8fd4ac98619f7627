package io.cairn.core.routing;

/**
 * The bounds and lifetimes every {@link ProviderStore} keeps.
 *
 * @param maxPerKey providers kept per key; a newcomer to a full key replaces the key's stalest announcement
 * @param maxRecords provider records kept in all; when full, expired records are dropped and, if that frees
 *     nothing, a newcomer is refused (records already held are not sacrificed to a flood)
 * @param validityMillis how long a record lives after its last announcement (go-libp2p-kad-dht: 48 h)
 * @param addressTtlMillis how long a record's addresses are served after its last announcement (go: 24 h); after
 *     that the record is served without addresses until it expires
 */
public record ProviderLimits(int maxPerKey, int maxRecords, long validityMillis, long addressTtlMillis) {
    public static final long DEFAULT_VALIDITY_MILLIS = 48L * 3600 * 1000;
    public static final long DEFAULT_ADDRESS_TTL_MILLIS = 24L * 3600 * 1000;
    /** go-libp2p-kad-dht's {@code K}: the providers a GET_PROVIDERS answer can usefully carry. */
    public static final int DEFAULT_MAX_PER_KEY = 20;
    public static final int DEFAULT_MAX_RECORDS = 1_000_000;

    public ProviderLimits {
        if (maxPerKey < 1 || maxRecords < 1 || validityMillis < 1 || addressTtlMillis < 0) {
            throw new IllegalArgumentException("bounds and lifetimes must be positive: " + maxPerKey + ", "
                    + maxRecords + ", " + validityMillis + ", " + addressTtlMillis);
        }
    }

    /** The given bounds with go's lifetimes (48 h records, 24 h addresses). */
    public static ProviderLimits of(int maxPerKey, int maxRecords) {
        return new ProviderLimits(maxPerKey, maxRecords, DEFAULT_VALIDITY_MILLIS, DEFAULT_ADDRESS_TTL_MILLIS);
    }

    /** 20 providers per key, a million records, go's lifetimes. */
    public static ProviderLimits defaults() {
        return of(DEFAULT_MAX_PER_KEY, DEFAULT_MAX_RECORDS);
    }

    /** Whether a record announced at {@code addedAt} has expired at {@code now}. */
    public boolean expired(long addedAt, long now) {
        return now - addedAt >= validityMillis;
    }

    /** Whether a record announced at {@code addedAt} still has its addresses served at {@code now}. */
    public boolean addressesLive(long addedAt, long now) {
        return now - addedAt < addressTtlMillis;
    }
}
