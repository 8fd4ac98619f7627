package io.cairn.storage.providers;

import static io.cairn.storage.providers.ProviderEncoding.startsWith;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.core.routing.ProviderLimits;
import io.cairn.core.routing.ProviderStore;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider records in a small RocksDB of their own, with the bounds of {@link ProviderLimits} and the same answers
 * as network's {@code MemoryProviderStore} (both pass core's {@code ProviderStoreContract}). Thread-safe: every
 * method holds this object's monitor (the DHT calls it from its one thread, so nothing waits in practice).
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li><b>Index.</b> {@code expiry} holds exactly one entry per {@code records} entry, keyed by its announced-at
 *       time and sequence number (see {@link ProviderEncoding}); a record and its index entry are written and deleted
 *       in the same batch. So the sweep reads only the expired prefix of {@code expiry} and never all records.</li>
 *   <li><b>Counters.</b> {@code meta}'s {@code records} and {@code keys} equal the number of records and of distinct
 *       key prefixes among them; every batch that changes records carries their new values, and the fields here
 *       change only after the batch is written. So the bounds hold across a restart without counting at open.</li>
 *   <li><b>Sweep start.</b> {@code sweep-from} is at most the announced-at time of every index entry, so the sweep
 *       seeks past the deletion tombstones of earlier sweeps instead of stepping over them.</li>
 *   <li><b>Bounds.</b> At most {@code maxPerKey} records per key (after a restart with lower limits, the next
 *       announcement to a key trims it) and, unless the limits were lowered, at most {@code maxRecords} in all;
 *       each record holds at most {@link ProviderStore#keptAddresses} of its addresses. Disk use is therefore
 *       bounded by {@code maxRecords} times a few KiB, plus what compaction has not yet reclaimed.</li>
 * </ol>
 *
 * <p>Writes are not synced: the records are soft state that peers re-announce every 22 hours, and a crash of the
 * machine loses at most the last moments of announcements; every batch is atomic, so the counters stay exact.
 * Times are the caller's milliseconds; they may be negative but must stay far from {@code Long.MIN_VALUE} and
 * {@code Long.MAX_VALUE}, where {@code now - addedAt} would overflow.
 */
public final class RocksProviderStore implements ProviderStore, Closeable {
    /** The store's directory inside a repository: {@code repo.path().resolve(DIRECTORY)}. */
    public static final String DIRECTORY = "providers";

    private static final Logger LOG = LoggerFactory.getLogger(RocksProviderStore.class);
    private static final String FORMAT_VERSION = "1";
    private static final byte[] META_FORMAT = RocksResources.ascii("format");
    private static final byte[] META_RECORDS = RocksResources.ascii("records");
    private static final byte[] META_KEYS = RocksResources.ascii("keys");
    private static final byte[] META_SEQ = RocksResources.ascii("seq");
    private static final byte[] META_SWEEP_FROM = RocksResources.ascii("sweep-from");
    private static final List<String> FAMILIES = List.of("records", "expiry");
    /** Index entries removed per write batch by a sweep. */
    static final int SWEEP_BATCH = 1024;

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final ProviderLimits limits;
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle records;
    private final ColumnFamilyHandle expiry;
    private final List<ColumnFamilyHandle> handles;
    private final List<AbstractNativeReference> owned;
    private final WriteOptions write;
    /** The persisted state, as of the last batch written; see the invariants. */
    private State state;
    private boolean closed;
    /** Entries of either family read by {@link #removeExpired}, for tests of the sweep's cost. */
    long sweepReads;

    /** The counters kept in {@code meta}; a batch builds the next one and it replaces the current once written. */
    private record State(long records, long keys, long seq, long sweepFrom) {
        State add(long deltaRecords, long deltaKeys) {
            return new State(records + deltaRecords, keys + deltaKeys, seq, sweepFrom);
        }
    }

    private RocksProviderStore(Path dir, ProviderLimits limits, RocksDB db, List<ColumnFamilyHandle> handles,
            List<AbstractNativeReference> owned, WriteOptions write) {
        this.dir = dir;
        this.limits = limits;
        this.db = db;
        this.handles = handles;
        this.owned = owned;
        this.meta = handles.get(0);
        this.records = handles.get(1);
        this.expiry = handles.get(2);
        this.write = write;
    }

    /** Opens, creating it if absent, the provider database in {@code dir}, keeping {@code limits}. */
    public static RocksProviderStore open(Path dir, ProviderLimits limits) throws IOException {
        Files.createDirectories(dir);
        List<AbstractNativeReference> owned = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksProviderStore store = null;
        try {
            LRUCache cache = RocksResources.own(owned, new LRUCache(8L << 20));
            BloomFilter bloom = RocksResources.own(owned, new BloomFilter(10, false));
            ColumnFamilyOptions small = RocksResources.own(owned, new ColumnFamilyOptions()
                    .setWriteBufferSize(4L << 20)
                    .setMaxWriteBufferNumber(2)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setTableFormatConfig(new BlockBasedTableConfig()
                            .setBlockCache(cache)
                            .setFilterPolicy(bloom)
                            .setCacheIndexAndFilterBlocks(true)));
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, small));
            for (String name : FAMILIES) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), small));
            }
            DBOptions options = RocksResources.own(owned, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(1)
                    .setMaxTotalWalSize(32L << 20)
                    .setKeepLogFileNum(2)
                    .setMaxLogFileSize(1L << 20)
                    .setStatsDumpPeriodSec(0));
            WriteOptions write = RocksResources.own(owned, new WriteOptions().setSync(false));
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
            store = new RocksProviderStore(dir, limits, db, handles, owned, write);
            store.state = store.readState();
            return store;
        } catch (RocksDBException e) {
            throw RocksResources.failure("provider store", "opening", dir, e);
        } finally {
            if (store == null || store.state == null) {
                RocksResources.closeNative(handles, owned, store == null ? null : store.db);
            }
        }
    }

    private State readState() throws RocksDBException, IOException {
        byte[] format = db.get(meta, META_FORMAT);
        if (format == null) {
            db.put(meta, write, META_FORMAT, RocksResources.ascii(FORMAT_VERSION));
        } else if (!FORMAT_VERSION.equals(new String(format, StandardCharsets.US_ASCII))) {
            throw new IOException("the provider store at " + dir + " has format "
                    + new String(format, StandardCharsets.US_ASCII) + "; this version reads format " + FORMAT_VERSION
                    + " (provider records are re-announced by their peers: deleting " + dir + " loses nothing)");
        }
        return new State(ProviderEncoding.long8(db.get(meta, META_RECORDS), 0),
                ProviderEncoding.long8(db.get(meta, META_KEYS), 0),
                ProviderEncoding.long8(db.get(meta, META_SEQ), 0),
                ProviderEncoding.long8(db.get(meta, META_SWEEP_FROM), Long.MIN_VALUE));
    }

    /** One stored record of a key, as read by a prefix scan. */
    private record Stored(byte[] key, byte[] value) {
        long addedAt() {
            return ProviderEncoding.addedAt(value);
        }

        long seq() {
            return ProviderEncoding.seq(value);
        }

        byte[] indexKey() {
            return ProviderEncoding.indexKey(addedAt(), seq());
        }
    }

    @Override
    public synchronized boolean addProvider(Multihash key, PeerId provider, List<Multiaddr> announced, long now) {
        List<Multiaddr> addresses = ProviderStore.keptAddresses(announced);
        byte[] prefix = ProviderEncoding.keyPrefix(key);
        byte[] recordKey = ProviderEncoding.recordKey(prefix, provider);
        return call("adding a provider record", () -> {
            byte[] old = db.get(records, recordKey);
            if (old != null) {
                try (WriteBatch batch = new WriteBatch()) {
                    batch.delete(expiry, new Stored(recordKey, old).indexKey());
                    commit(batch, put(batch, recordKey, addresses, now, state));
                }
                return true;
            }
            List<Stored> present = scan(prefix);
            try (WriteBatch batch = new WriteBatch()) {
                int removed = trim(batch, present, now);
                State next = state.add(-removed, present.size() > removed || present.isEmpty() ? 0 : -1);
                if (next.records() >= limits.maxRecords()) {
                    // Only a full store gets here with nothing trimmed; commit any trim, then make room if time has.
                    commit(batch, next);
                    sweep(now);
                    if (state.records() >= limits.maxRecords()) {
                        return false;
                    }
                    present = scan(prefix);
                    removed = 0;
                    next = state;
                    batch.clear();
                }
                boolean keyIsNew = present.size() == removed;
                commit(batch, put(batch, recordKey, addresses, now, next.add(1, keyIsNew ? 1 : 0)));
                return true;
            }
        });
    }

    /**
     * Makes room for one more provider of a full key: drops the key's expired records and then, while it is still
     * full, its stalest announcements. Returns how many records {@code batch} deletes.
     */
    private int trim(WriteBatch batch, List<Stored> present, long now) throws RocksDBException {
        if (present.size() < limits.maxPerKey()) {
            return 0;
        }
        List<Stored> kept = new ArrayList<>();
        for (Stored s : present) {
            if (limits.expired(s.addedAt(), now)) {
                delete(batch, s);
            } else {
                kept.add(s);
            }
        }
        kept.sort(Comparator.comparingLong(Stored::seq));
        int drop = Math.max(0, kept.size() - limits.maxPerKey() + 1);
        for (int i = 0; i < drop; i++) {
            delete(batch, kept.get(i));
        }
        return present.size() - kept.size() + drop;
    }

    /** Puts a record and its index entry, taking the next sequence number; returns {@code next} with it. */
    private State put(WriteBatch batch, byte[] recordKey, List<Multiaddr> addresses, long now, State next)
            throws RocksDBException {
        long seq = next.seq() + 1;
        batch.put(records, recordKey, ProviderEncoding.value(now, seq, addresses));
        batch.put(expiry, ProviderEncoding.indexKey(now, seq), recordKey);
        return new State(next.records(), next.keys(), seq, Math.min(next.sweepFrom(), now));
    }

    private void delete(WriteBatch batch, Stored s) throws RocksDBException {
        batch.delete(records, s.key());
        batch.delete(expiry, s.indexKey());
    }

    /** Writes {@code batch} with {@code next}'s counters; they become the current state once it is written. */
    private void commit(WriteBatch batch, State next) throws RocksDBException {
        if (!next.equals(state)) {
            batch.put(meta, META_RECORDS, ProviderEncoding.long8(next.records()));
            batch.put(meta, META_KEYS, ProviderEncoding.long8(next.keys()));
            batch.put(meta, META_SEQ, ProviderEncoding.long8(next.seq()));
            batch.put(meta, META_SWEEP_FROM, ProviderEncoding.long8(next.sweepFrom()));
        }
        if (batch.count() > 0) {
            db.write(write, batch);
        }
        state = next;
    }

    /** Every record of the key whose prefix is {@code prefix}; at most about {@code maxPerKey} of them. */
    private List<Stored> scan(byte[] prefix) {
        List<Stored> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(records)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                out.add(new Stored(it.key(), it.value()));
            }
        }
        return out;
    }

    @Override
    public synchronized List<Provider> providers(Multihash key, long now) {
        byte[] prefix = ProviderEncoding.keyPrefix(key);
        return call("reading provider records", () -> {
            List<Provider> out = new ArrayList<>();
            for (Stored s : scan(prefix)) {
                long addedAt = s.addedAt();
                if (!limits.expired(addedAt, now)) {
                    out.add(decode(s, limits.addressesLive(addedAt, now)));
                }
            }
            return out;
        });
    }

    private Provider decode(Stored s, boolean withAddresses) throws IOException {
        try {
            PeerId peer = ProviderEncoding.peerOf(s.key(), ProviderEncoding.prefixLength(s.key()));
            return new Provider(peer, withAddresses ? ProviderEncoding.addresses(s.value()) : List.of());
        } catch (RuntimeException e) {
            throw new IOException("a damaged provider record in " + dir + " (deleting the directory loses nothing "
                    + "that peers will not announce again): " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code expiry} from {@code sweep-from} up to the first unexpired entry, deleting each expired record and
     * its entry; a key is counted out when no record of it survives, which a seek into its prefix tells after
     * stepping over at most the records being deleted. Reads = removed records + one per batch + at most one per key
     * losing records (plus tombstones not yet compacted away).
     */
    @Override
    public synchronized void removeExpired(long now) {
        call("removing expired provider records", () -> {
            sweep(now);
            return null;
        });
    }

    private void sweep(long now) throws RocksDBException {
        try (RocksIterator index = db.newIterator(expiry)) {
            // Sequence numbers start at 1, so (sweep-from, 0) sorts before every entry announced at sweep-from.
            index.seek(ProviderEncoding.indexKey(state.sweepFrom(), 0));
            boolean more = true;
            while (more) {
                Map<KeyBytes, Set<KeyBytes>> removedByKey = new HashMap<>();
                long removed = 0;
                long from = state.sweepFrom();
                try (WriteBatch batch = new WriteBatch()) {
                    while (removed < SWEEP_BATCH) {
                        if (!index.isValid()) {
                            index.status();
                            more = false;
                            break;
                        }
                        sweepReads++;
                        long addedAt = ProviderEncoding.indexAddedAt(index.key());
                        if (!limits.expired(addedAt, now)) {
                            from = addedAt;
                            more = false;
                            break;
                        }
                        byte[] recordKey = index.value();
                        batch.delete(records, recordKey);
                        batch.delete(expiry, index.key());
                        byte[] prefix = Arrays.copyOf(recordKey, ProviderEncoding.prefixLength(recordKey));
                        removedByKey.computeIfAbsent(new KeyBytes(prefix), k -> new HashSet<>())
                                .add(new KeyBytes(recordKey));
                        removed++;
                        from = addedAt;
                        index.next();
                    }
                    long emptied = 0;
                    for (Map.Entry<KeyBytes, Set<KeyBytes>> e : removedByKey.entrySet()) {
                        if (!survives(e.getKey().bytes(), e.getValue())) {
                            emptied++;
                        }
                    }
                    State next = state.add(-removed, -emptied);
                    commit(batch, new State(next.records(), next.keys(), next.seq(), from));
                }
            }
        }
    }

    /** Whether a record of the key {@code prefix} other than {@code removed} is stored. */
    private boolean survives(byte[] prefix, Set<KeyBytes> removed) {
        try (RocksIterator it = db.newIterator(records)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                sweepReads++;
                if (!removed.contains(new KeyBytes(it.key()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A byte array with value equality, for the sweep's sets. */
    private record KeyBytes(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeyBytes k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    @Override
    public synchronized int keyCount() {
        return (int) state.keys();
    }

    @Override
    public synchronized int recordCount() {
        return (int) state.records();
    }

    /** Flushes and closes the database; idempotent. Later calls fail with {@link UncheckedIOException}. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
        } catch (RocksDBException e) {
            LOG.warn("could not flush the provider store at {} before closing; the next open replays its log: {}",
                    dir, e.getMessage());
        }
        RocksResources.closeNative(handles, owned, db);
    }

    // ---- test support ----

    /**
     * Checks the invariants against everything stored (reads the whole database); returns the problems found. For
     * tests, and for a future {@code repo verify}.
     */
    synchronized List<String> verify() {
        return call("verifying provider records", () -> {
            List<String> problems = new ArrayList<>();
            long count = 0;
            Set<KeyBytes> keys = new HashSet<>();
            try (RocksIterator it = db.newIterator(records)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    count++;
                    Stored s = new Stored(it.key(), it.value());
                    keys.add(new KeyBytes(Arrays.copyOf(s.key(), ProviderEncoding.prefixLength(s.key()))));
                    byte[] target = db.get(expiry, s.indexKey());
                    if (target == null || !Arrays.equals(target, s.key())) {
                        problems.add("record without its index entry at " + s.addedAt());
                    }
                    if (s.addedAt() < state.sweepFrom()) {
                        problems.add("record announced before sweep-from");
                    }
                    decode(s, true);
                }
            }
            long indexed = 0;
            try (RocksIterator it = db.newIterator(expiry)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    indexed++;
                }
            }
            if (indexed != count) {
                problems.add(indexed + " index entries for " + count + " records");
            }
            if (count != state.records() || keys.size() != state.keys()) {
                problems.add("counters say " + state.records() + " records and " + state.keys() + " keys; stored: "
                        + count + " and " + keys.size());
            }
            return problems;
        });
    }

    // ---- plumbing ----

    @FunctionalInterface
    private interface DbCall<T> {
        T call() throws RocksDBException, IOException;
    }

    private <T> T call(String action, DbCall<T> body) {
        if (closed) {
            throw new UncheckedIOException(new IOException("the provider store at " + dir + " is closed"));
        }
        try {
            return body.call();
        } catch (RocksDBException e) {
            throw new UncheckedIOException(RocksResources.failure("provider store", action, dir, e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
