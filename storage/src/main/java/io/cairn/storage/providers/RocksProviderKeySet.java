package io.cairn.storage.providers;

import io.cairn.core.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * One set of multihashes of a {@link RocksProvideStore}, ordered by kad-dht point: the disk-backed counterpart of
 * network's {@code ProviderKeySet} (the node adapts it; storage does not depend on network, so ranges are given here
 * as inclusive 32-byte point bounds, a keyspace region's first and last point).
 *
 * <p>Invariant: an entry's key is {@code point(m) ‖ m.toBytes()} with an empty value, and the stored count equals the
 * number of entries (both written in one batch).
 */
public final class RocksProviderKeySet {
    private static final int POINT = 32;
    static final int PAGE = 1024;

    private final RocksProvideStore store;
    private final ColumnFamilyHandle family;
    private final byte[] countKey;
    private long size;

    RocksProviderKeySet(RocksProvideStore store, ColumnFamilyHandle family, byte[] countKey)
            throws org.rocksdb.RocksDBException {
        this.store = store;
        this.family = family;
        this.countKey = countKey;
        byte[] c = store.db().get(store.meta(), countKey);
        this.size = c == null ? 0 : ByteBuffer.wrap(c).getLong();
    }

    /** Adds {@code key}; false when it was present. */
    public boolean add(Multihash key) {
        byte[] k = entry(key);
        return store.call("adding a key", () -> {
            if (store.db().get(family, k) != null) {
                return false;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(family, k, new byte[0]);
                batch.put(store.meta(), countKey, long8(size + 1));
                store.db().write(store.writeOptions(), batch);
            }
            size++;
            return true;
        });
    }

    /** Removes {@code key}; false when it was absent. */
    public boolean remove(Multihash key) {
        byte[] k = entry(key);
        return store.call("removing a key", () -> {
            if (store.db().get(family, k) == null) {
                return false;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(family, k);
                batch.put(store.meta(), countKey, long8(size - 1));
                store.db().write(store.writeOptions(), batch);
            }
            size--;
            return true;
        });
    }

    public boolean contains(Multihash key) {
        byte[] k = entry(key);
        return store.call("reading a key", () -> store.db().get(family, k) != null);
    }

    public long size() {
        synchronized (store) {
            return size;
        }
    }

    /** How many keys have a point in [{@code first}, {@code last}] (32 bytes each, inclusive). */
    public long count(byte[] first, byte[] last) {
        long[] n = {0};
        scan(first, last, Integer.MAX_VALUE, m -> n[0]++);
        return n[0];
    }

    /** Calls {@code action} with every key whose point is in [{@code first}, {@code last}], in point order. */
    public void forEach(byte[] first, byte[] last, Consumer<Multihash> action) {
        scan(first, last, Integer.MAX_VALUE, action);
    }

    /** The first {@code limit} keys whose point is in [{@code first}, {@code last}], in point order. */
    public List<Multihash> list(byte[] first, byte[] last, int limit) {
        List<Multihash> out = new ArrayList<>();
        scan(first, last, limit, out::add);
        return out;
    }

    /** The first key whose point is at or after {@code point}. */
    public Optional<Multihash> ceiling(byte[] point) {
        List<Multihash> out = new ArrayList<>(1);
        byte[] last = new byte[POINT];
        Arrays.fill(last, (byte) 0xff);
        scan(point, last, 1, out::add);
        return out.stream().findFirst();
    }

    /**
     * Reads the range in pages of {@link #PAGE} entries under the store's monitor, and calls {@code action} outside
     * it: the action may write to this set (the sweep provider removes what it announced) without a live iterator,
     * and a region of a million keys costs one page of memory, not a million entries.
     */
    private void scan(byte[] first, byte[] last, int limit, Consumer<Multihash> action) {
        if (first.length != POINT || last.length != POINT) {
            throw new IllegalArgumentException("points are 32 bytes");
        }
        byte[] from = first;
        boolean inclusive = true;
        int left = limit;
        while (left > 0) {
            byte[] start = from;
            boolean include = inclusive;
            int want = Math.min(left, PAGE);
            List<byte[]> page = store.call("scanning keys", () -> {
                List<byte[]> out = new ArrayList<>();
                try (RocksIterator it = store.db().newIterator(family)) {
                    it.seek(start);
                    if (!include && it.isValid() && Arrays.equals(it.key(), start)) {
                        it.next();
                    }
                    for (; it.isValid() && out.size() < want; it.next()) {
                        byte[] k = it.key();
                        if (Arrays.compareUnsigned(k, 0, POINT, last, 0, POINT) > 0) {
                            break;
                        }
                        out.add(k);
                    }
                }
                return out;
            });
            for (byte[] k : page) {
                action.accept(Multihash.fromBytes(Arrays.copyOfRange(k, POINT, k.length)));
            }
            if (page.size() < want) {
                return;
            }
            left -= page.size();
            from = page.get(page.size() - 1);
            inclusive = false;
        }
    }

    private static byte[] entry(Multihash key) {
        byte[] mh = key.toBytes();
        byte[] out = Arrays.copyOf(RocksProvideStore.point(key), POINT + mh.length);
        System.arraycopy(mh, 0, out, POINT, mh.length);
        return out;
    }

    private static byte[] long8(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
