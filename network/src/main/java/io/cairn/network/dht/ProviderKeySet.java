package io.cairn.network.dht;

import io.cairn.core.multiformats.Multihash;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A set of multihashes ordered by their kad-dht point ({@link Key#forMultihash}), so that the keys of one
 * {@link KeyspaceRegion} are one contiguous range. The {@link SweepProvider} keeps two: every key it provides, and the
 * queue of keys not yet provided once. A disk-backed set (RocksDB, keyed by the 32-byte point followed by the
 * multihash) makes both survive a restart; {@link #inMemory()} is the heap one.
 *
 * <p>Calls come from the provider's one thread; an implementation need not be thread-safe. Two multihashes with the
 * same point (a SHA-256 collision) are not expected; an implementation may keep either.
 */
public interface ProviderKeySet {
    /** A new, empty heap set. */
    static ProviderKeySet inMemory() {
        return new MemoryProviderKeySet();
    }

    /** Adds {@code key}; false when it was present. */
    boolean add(Multihash key);

    /** Removes {@code key}; false when it was absent. */
    boolean remove(Multihash key);

    boolean contains(Multihash key);

    long size();

    /** How many keys lie in {@code region}. */
    long count(KeyspaceRegion region);

    /** Calls {@code action} with every key in {@code region}, in keyspace order. */
    void forEach(KeyspaceRegion region, Consumer<Multihash> action);

    /** The first {@code limit} keys of {@code region} in keyspace order (fewer when it holds fewer). */
    List<Multihash> list(KeyspaceRegion region, int limit);

    /** The first key whose point is at or after {@code point} in keyspace order. */
    Optional<Multihash> ceiling(Key point);
}
