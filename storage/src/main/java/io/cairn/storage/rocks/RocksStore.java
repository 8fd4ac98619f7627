package io.cairn.storage.rocks;

import io.cairn.core.FormatException;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Multihash;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's blocks, pins and garbage collection in one RocksDB database (see docs/storage-design.md for the column
 * families and the reference-counting scheme). Thread-safe.
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li><b>Liveness.</b> A block is live when its multihash has a {@code refs} entry (entries whose counts reach
 *       zero are deleted). Every block reachable from a pin is stored and live.</li>
 *   <li><b>Candidates.</b> Every stored block that is not live has a {@code gc} entry. A new block gets one when it
 *       is written; a block gets one when it dies; an entry is removed only when its block is live or deleted.
 *       So GC need never look beyond {@code gc}.</li>
 *   <li><b>Counters.</b> {@code meta}'s object and byte counters equal the count and total of {@code sizes}: every
 *       batch that adds or removes a block carries the matching {@code uint64add} merges, and the in-memory copies
 *       change only after the batch is written.</li>
 * </ol>
 *
 * <h2>Locks, always taken in this order</h2>
 * <ol>
 *   <li>{@code lifecycle}: every database call holds the read side; {@link #close()} takes the write side, so no
 *       native call can run on a closed database.</li>
 *   <li>{@code gcLock}: the write side is held by the only code that deletes blocks (a GC batch, a block delete).
 *       The read side is held by whatever must know a block stays put: registering a temporary pin together with
 *       the presence check that follows it, writing blocks (so that "is it new?" and the counters agree), and pin
 *       operations (which read blocks and then make them live).</li>
 *   <li>{@code pinMutex}: serializes the read-modify-write of {@code refs} and {@code pins}.</li>
 *   <li>{@link KeyLocks}: per-multihash stripes making "absent? then write and count it" atomic.</li>
 * </ol>
 * Reads ({@code get}, {@code has}) take only the lifecycle lock.
 */
public final class RocksStore implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RocksStore.class);

    /** Blocks of at least this many bytes go to pack files ({@link PackFiles}); tests lower it. */
    static final int PACK_MIN_BYTES = 32 << 10;

    private final Path dir;
    private final StoreOptions options;
    final Database data;
    final PackFiles packs;
    volatile int packMinBytes = PACK_MIN_BYTES;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
    final ReentrantLock pinMutex = new ReentrantLock();
    final KeyLocks keyLocks = new KeyLocks();
    final TempPins tempPins = new TempPins();
    final StoreCounters counters = new StoreCounters();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /**
     * Set before every unlogged write and cleared by the flush that makes it durable. Any block a reader can see was
     * written either with the WAL or after this was set, so a sync write that finds it clear depends on nothing
     * that a crash could take away.
     */
    private final AtomicBoolean unflushed = new AtomicBoolean();
    private final RocksBlockStore blockStore;
    private final RocksPinner pinner;
    private final RocksGarbageCollector collector;
    /** Guarded by {@link #lifecycle}. */
    private boolean closed;
    /** Set at open: a format-1 store opened for writing, recounted before the constructor returns. */
    private boolean upgradePending;
    /**
     * Whether {@code refs} follow format 1's rule (dag-pb links only): true only for a format-1 store opened
     * read-only, which is never recounted; {@code pin verify} says so.
     */
    boolean dagPbOnlyCounts;
    /**
     * Whether {@code meta} may hold {@link Keys#META_UNCOUNTED_PREFIX} markers (left by a format upgrade that met
     * missing blocks); false for nearly every store, which then never looks them up.
     */
    volatile boolean uncountedLinks;
    /** An add session writes its pending blocks once they pass this many bytes; tests lower it. */
    volatile long addBatchBytes = RocksAddSession.SUB_BATCH_BYTES;
    /** The least a collection may copy out of packs ({@link PackReclaimer#MIN_COPY_BUDGET}); tests lower it. */
    volatile long minPackCopyBudget = PackReclaimer.MIN_COPY_BUDGET;
    /** Test hook: called at each step of giving pack space back ({@link PackReclaimer}); a test throws to crash. */
    volatile Consumer<String> reclaimStep = step -> { };
    /** Test hook: when set, every write fails with this exception before reaching RocksDB. */
    private volatile RocksDBException injectedWriteFailure;

    private RocksStore(Path dir, StoreOptions options, Database data, PackFiles packs) throws IOException {
        this.dir = dir;
        this.options = options;
        this.data = data;
        this.packs = packs;
        try {
            byte[] format = data.db.get(data.meta, Keys.META_FORMAT);
            String found = format == null ? null : new String(format, StandardCharsets.US_ASCII);
            if (found == null) {
                if (!options.readOnly()) {
                    data.db.put(data.meta, data.syncWrite, Keys.META_FORMAT,
                            Keys.FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
                }
            } else if (found.equals(FormatUpgrade.DAG_PB_ONLY)) {
                // Read-only: the view reads as it is (format 1 counts; listings and walks follow every codec's
                // links); the first open for writing recounts, below.
                upgradePending = !options.readOnly();
                dagPbOnlyCounts = true;
            } else if (found.equals(FormatUpgrade.UNPACKED)) {
                // Format 2 has no packs: its blocks are where format 3 looks first. Writing the new number keeps
                // an older Cairn from opening a store whose index it would misread.
                if (!options.readOnly()) {
                    data.db.put(data.meta, data.syncWrite, Keys.META_FORMAT,
                            Keys.FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
                }
            } else if (!Keys.FORMAT_VERSION.equals(found)) {
                throw new IOException("the store at " + dir + " has format " + found + "; this version reads formats "
                        + FormatUpgrade.DAG_PB_ONLY + " to " + Keys.FORMAT_VERSION);
            }
            objects.set(Keys.parseLe64(data.db.get(data.meta, Keys.META_OBJECTS)));
            bytes.set(Keys.parseLe64(data.db.get(data.meta, Keys.META_BYTES)));
            try (RocksIterator it = data.db.newIterator(data.meta)) {
                it.seek(Keys.META_UNCOUNTED_PREFIX);
                uncountedLinks = it.isValid() && Keys.refBelongsTo(it.key(), Keys.META_UNCOUNTED_PREFIX);
                it.status();
            }
        } catch (RocksDBException e) {
            throw RocksErrors.map("opening the store", dir, e);
        }
        this.blockStore = new RocksBlockStore(this);
        this.pinner = new RocksPinner(this);
        this.collector = new RocksGarbageCollector(this);
        if (upgradePending) {
            try {
                FormatUpgrade.fromDagPbOnly(this);
            } catch (RocksDBException e) {
                throw RocksErrors.map("upgrading the store's reference counts", dir, e);
            }
            dagPbOnlyCounts = false;
        }
    }

    /** Opens (creating unless read-only) the store in {@code dir}. */
    public static RocksStore open(Path dir, StoreOptions options) throws IOException {
        Database data = Database.open(dir, options.readOnly());
        PackFiles packs = null;
        try {
            packs = PackFiles.open(dir, options.readOnly());
            return new RocksStore(dir, options, data, packs);
        } catch (IOException | RuntimeException e) {
            try {
                if (packs != null) {
                    packs.close();
                }
                data.close(dir, options.readOnly());
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Whether {@code dir} holds a store (one that {@link #open} can open read-only). */
    public static boolean exists(Path dir) {
        return Database.exists(dir);
    }

    /**
     * Starts loading RocksDB's native library on a background thread, so that it overlaps with whatever the caller
     * does before {@link #open} (reading the repository's config): the library is extracted from its jar and
     * loaded, about 0.15 s. {@link #open} waits for it; a failure here is reported again there.
     */
    public static void preloadNativeLibrary() {
        Thread loader = new Thread(() -> {
            try {
                RocksDB.loadLibrary();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("preloading RocksDB's library failed; opening the store will say why", e);
            }
        }, "cairn-rocksdb-load");
        loader.setDaemon(true);
        loader.start();
    }

    /** The blocks, keyed by multihash. A lone {@code put} is one durable batch and leaves its block unpinned. */
    public BlockStore blocks() {
        return blockStore;
    }

    /** Starts an add: see {@link AddSession}. */
    public AddSession beginAdd() {
        return new RocksAddSession(this);
    }

    public Pinner pins() {
        return pinner;
    }

    public GarbageCollector gc() {
        return collector;
    }

    /**
     * Holds {@code keys} against garbage collection until the returned handle is closed. Take the pin before
     * checking that a block is present: from then on, a present block stays.
     */
    public TempPin tempPin(Collection<Multihash> keys) {
        TempPins.Handle handle = tempPins.newHandle();
        gcLock.readLock().lock();
        try {
            handle.addAll(keys);
        } finally {
            gcLock.readLock().unlock();
        }
        return handle;
    }

    /** Object count and stored bytes from the counters: constant time. */
    public StoreStat stat() {
        return new StoreStat(objects.get(), bytes.get(), options.storageMax());
    }

    /**
     * Re-hashes every stored block; returns the multihashes whose bytes do not match, or whose packed record is
     * missing or fails its check. Reads the whole store.
     */
    public List<Multihash> verify() throws IOException {
        return call("verifying blocks", () -> {
            List<Multihash> corrupt = new ArrayList<>();
            try (RocksIterator it = data.db.newIterator(data.sizes, data.scanRead)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    Keys.SizeEntry entry = Keys.parseSizeEntry(it.value());
                    if (!entry.packed()) {
                        continue;
                    }
                    Multihash mh = blockKey(it.key(), Database.SIZES);
                    if (mh == null) {
                        continue;
                    }
                    try {
                        if (!hashMatches(mh, packs.read(entry.pack(), entry.offset(), mh, entry.size()))) {
                            corrupt.add(mh);
                        }
                    } catch (PackFiles.BadRecordException | NoSuchFileException e) {
                        LOG.warn("block {}: {}", mh, e.toString());
                        corrupt.add(mh);
                    }
                }
                it.status();
            }
            try (RocksIterator it = data.db.newIterator(data.blocks, data.scanRead)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    Multihash mh = blockKey(it.key(), Database.BLOCKS);
                    if (mh != null && !hashMatches(mh, it.value())) {
                        corrupt.add(mh);
                    }
                }
                it.status();
            }
            return corrupt;
        });
    }

    /** A {@code family} key as a multihash, or null (logged) when it is not one. */
    private static Multihash blockKey(byte[] key, String family) {
        try {
            return Multihash.fromBytes(key);
        } catch (FormatException e) {
            LOG.warn("skipping a {} key that is not a multihash: {}", family, e.getMessage());
            return null;
        }
    }

    /** Closes the database, waiting for calls in progress. Open add sessions fail from then on. */
    @Override
    public void close() throws IOException {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                packs.close();
            } finally {
                data.close(dir, options.readOnly());
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    StoreOptions options() {
        return options;
    }

    Path dir() {
        return dir;
    }

    // ---- internals shared by the block store, sessions, pinner and collector ----

    @FunctionalInterface
    interface DbCall<T> {
        T call() throws IOException, RocksDBException;
    }

    /** Runs {@code body} on the open database, turning RocksDB's exceptions into clear {@link IOException}s. */
    <T> T call(String action, DbCall<T> body) throws IOException {
        return call(action, null, body);
    }

    /**
     * As {@link #call(String, DbCall)}, the action being {@code action + " " + subject}, built only for an error
     * message: a CID's text costs a base58 encoding, too much for every block read.
     */
    <T> T call(String action, Object subject, DbCall<T> body) throws IOException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IOException("the store at " + dir + " is closed");
            }
            return body.call();
        } catch (RocksDBException e) {
            String what = subject == null ? action : action + " " + subject;
            if (options.readOnly() && RocksErrors.isMissingFile(e)) {
                throw new StoreChangedException("the store at " + dir + " changed while this command read it: "
                        + "another process has the repository open for writing and compacted or collected it, "
                        + "removing files this read-only view still used; run the command again (" + what + ": "
                        + e.getMessage() + ")", e);
            }
            throw RocksErrors.map(what, dir, e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    void requireWritable(String action) throws ReadOnlyStoreException {
        if (options.readOnly()) {
            throw new ReadOnlyStoreException("cannot " + action + ": the store at " + dir + " is open read-only");
        }
    }

    /** A block's bytes; identity multihashes are answered from their digest. {@code name} is for error messages. */
    Optional<byte[]> readBlock(Multihash mh, Object name) throws IOException, RocksDBException {
        return readBlock(mh, name, true);
    }

    /**
     * As {@link #readBlock(Multihash, Object)}; {@code large} says the block is likely large (file data), worth a
     * {@code sizes} lookup to read it with one native copy. Walks over DAG nodes (pin listing, reference counting,
     * pin verification) read mostly small nodes, where that second lookup is most of the cost: listing the
     * indirect pins of 100,000 one-block DAGs reads 100,000 nodes.
     */
    Optional<byte[]> readBlock(Multihash mh, Object name, boolean large) throws IOException, RocksDBException {
        if (Keys.isIdentity(mh)) {
            return Optional.of(mh.digest());
        }
        counters.blockReads.incrementAndGet();
        byte[] key = mh.toBytes();
        byte[] bytes;
        if (large) {
            bytes = readValue(mh, key, name);
        } else {
            bytes = data.db.get(data.blocks, data.blockRead, key);
            if (bytes == null) {
                Keys.SizeEntry entry = sizeEntry(key);
                if (entry != null) {
                    bytes = readPacked(mh, key, entry, name);
                }
            }
        }
        if (bytes != null && options.hashOnRead() && !hashMatches(mh, bytes)) {
            throw new CorruptBlockException(mh, String.valueOf(name));
        }
        return Optional.ofNullable(bytes);
    }

    /**
     * A block's bytes with one native copy: its size comes from {@code sizes} (a few bytes, usually cached), so the
     * value is read straight into an array of that size. RocksJava's {@code get} returning a fresh array copies the
     * value once more in native code and costs about half the read (docs/storage-design.md, "Reading blocks").
     * A block whose size entry disagrees with its value (corruption) is read the plain way.
     */
    private byte[] readValue(Multihash mh, byte[] key, Object name) throws IOException, RocksDBException {
        Keys.SizeEntry entry = sizeEntry(key);
        if (entry != null) {
            if (entry.packed()) {
                return readPacked(mh, key, entry, name);
            }
            long size = entry.size();
            if (size >= 0 && size < Integer.MAX_VALUE - 8) {
                byte[] out = new byte[(int) size];
                int n = data.db.get(data.blocks, data.blockRead, key, out);
                if (n == RocksDB.NOT_FOUND) {
                    return null;
                }
                if (n == out.length) {
                    return out;
                }
            }
        }
        return data.db.get(data.blocks, data.blockRead, key);
    }

    /**
     * A packed block's bytes, its record checked (a failed check is a {@link CorruptBlockException}, hash-on-read or
     * not). A pack that is gone was relocated after {@code entry} was read: in this process the entry is read again;
     * a read-only view, whose index is fixed at its open, says the store changed.
     */
    private byte[] readPacked(Multihash mh, byte[] key, Keys.SizeEntry entry, Object name)
            throws IOException, RocksDBException {
        try {
            try {
                return packs.read(entry.pack(), entry.offset(), mh, entry.size());
            } catch (ClosedByInterruptException e) {
                throw interrupted(name, e);
            } catch (ClosedChannelException e) {
                // Another thread's interrupted read, or the bound on open packs, closed the shared channel; the
                // second read opens it again (or finds the pack deleted).
                return packs.read(entry.pack(), entry.offset(), mh, entry.size());
            }
        } catch (PackFiles.BadRecordException e) {
            throw new CorruptBlockException(mh, String.valueOf(name), e);
        } catch (ClosedByInterruptException e) {
            throw interrupted(name, e);
        } catch (NoSuchFileException | ClosedChannelException e) {
            if (options.readOnly()) {
                throw new StoreChangedException("the store at " + dir + " changed while this command read it: "
                        + "another process has the repository open for writing and collected it, removing the pack "
                        + "that held block " + name + "; run the command again", e);
            }
            Keys.SizeEntry now = sizeEntry(key);
            if (now == null) {
                return null;
            }
            if (now.packed() && (now.pack() != entry.pack() || now.offset() != entry.offset())) {
                return readPacked(mh, key, now, name);
            }
            throw new IOException("the pack file " + PackFiles.fileName(entry.pack()) + " that holds block " + name
                    + " is missing from " + packs + " (" + e + ")", e);
        }
    }

    private static InterruptedIOException interrupted(Object name, ClosedByInterruptException e) {
        InterruptedIOException out = new InterruptedIOException("interrupted while reading block " + name);
        out.initCause(e);
        return out;
    }

    /** The {@code sizes} entry of the block with multihash bytes {@code key}, or null when it is not stored. */
    Keys.SizeEntry sizeEntry(byte[] key) throws IOException, RocksDBException {
        byte[] value = data.db.get(data.sizes, key);
        return value == null ? null : Keys.parseSizeEntry(value);
    }

    /** Whether a block of {@code size} bytes goes to a pack file rather than into RocksDB. */
    boolean packable(int size) {
        return size >= packMinBytes && size <= PackFiles.MAX_DATA;
    }

    /** Whether {@code bytes} hash to {@code mh}; true when Cairn cannot compute {@code mh}'s function. */
    static boolean hashMatches(Multihash mh, byte[] bytes) {
        return mh.function() == null || mh.matches(bytes);
    }

    /** Stored size of a block, -1 if absent; reads only the small {@code sizes} family, never the block. */
    long blockSize(Multihash mh) throws IOException, RocksDBException {
        if (Keys.isIdentity(mh)) {
            return mh.digestLength();
        }
        counters.sizeReads.incrementAndGet();
        byte[] v = data.db.get(data.sizes, mh.toBytes());
        return v == null ? -1 : Keys.parseSize(v);
    }

    boolean present(Multihash mh) throws IOException, RocksDBException {
        return blockSize(mh) >= 0;
    }

    /** Whether any CID of the multihash {@code mh} is live, using (and moving) a {@code refs} iterator. */
    boolean isLive(RocksIterator refs, byte[] mh) throws RocksDBException {
        counters.livenessChecks.incrementAndGet();
        refs.seek(mh);
        if (!refs.isValid()) {
            refs.status();
            return false;
        }
        return Keys.refBelongsTo(refs.key(), mh);
    }

    /**
     * Adds a new block's entries to {@code batch}: its bytes (a large block's go to a pack, and its pack's live
     * count grows), its size, and its GC candidacy. Returns whether the block was packed. The batch must be written
     * through {@link #write} or {@link #writeUnlogged}, which make the pack durable first.
     */
    boolean putBlock(WriteBatch batch, Multihash mh, byte[] bytes) throws IOException, RocksDBException {
        byte[] key = mh.toBytes();
        boolean packed = packable(bytes.length);
        if (packed) {
            long[] at = packs.append(mh, bytes);
            batch.put(data.sizes, key, Keys.sizeValue(bytes.length, at[0], at[1]));
            batch.merge(data.meta, Keys.packLive(at[0]),
                    Keys.le64(PackFiles.recordLength(key.length, bytes.length)));
        } else {
            batch.put(data.blocks, key, bytes);
            batch.put(data.sizes, key, Keys.sizeValue(bytes.length));
        }
        batch.put(data.gc, key, Keys.EMPTY);
        return packed;
    }

    /**
     * Adds the deletion of a stored block to {@code batch}: its bytes or its pack's live count, and its size (its
     * GC candidacy is the caller's). Returns its size, or -1 (and adds nothing) when it is not stored.
     */
    long deleteBlock(WriteBatch batch, Multihash mh) throws IOException, RocksDBException {
        byte[] key = mh.toBytes();
        counters.sizeReads.incrementAndGet();
        Keys.SizeEntry entry = sizeEntry(key);
        if (entry == null) {
            return -1;
        }
        if (entry.packed()) {
            batch.merge(data.meta, Keys.packLive(entry.pack()),
                    Keys.le64(-PackFiles.recordLength(key.length, (int) entry.size())));
        } else {
            batch.delete(data.blocks, key);
        }
        batch.delete(data.sizes, key);
        return entry.size();
    }

    /** Adds the counter changes to {@code batch}; call {@link #counted} once the batch is written. */
    void countIn(WriteBatch batch, long deltaObjects, long deltaBytes) throws RocksDBException {
        if (deltaObjects != 0) {
            batch.merge(data.meta, Keys.META_OBJECTS, Keys.le64(deltaObjects));
        }
        if (deltaBytes != 0) {
            batch.merge(data.meta, Keys.META_BYTES, Keys.le64(deltaBytes));
        }
    }

    void counted(long deltaObjects, long deltaBytes) {
        objects.addAndGet(deltaObjects);
        bytes.addAndGet(deltaBytes);
    }

    /**
     * Writes a batch. A sync write first flushes any unlogged writes ({@link #writeUnlogged}): it may pin or count
     * on blocks they wrote, so they must be on disk before it is.
     */
    void write(WriteBatch batch, WriteOptions writeOptions) throws IOException, RocksDBException {
        RocksDBException failure = injectedWriteFailure;
        if (failure != null) {
            throw failure;
        }
        packs.sync();
        if (writeOptions.sync()) {
            flushUnlogged();
        }
        data.db.write(writeOptions, batch);
    }

    /**
     * Writes a batch without the WAL, so its bytes go to disk once (by the memtable's flush into blob files) rather
     * than twice. Only for blocks that nothing refers to until a later sync write, which flushes them first: a
     * crash before that loses them along with the operation that never reported success.
     */
    void writeUnlogged(WriteBatch batch) throws IOException, RocksDBException {
        RocksDBException failure = injectedWriteFailure;
        if (failure != null) {
            throw failure;
        }
        packs.sync();
        unflushed.set(true);
        data.db.write(data.unloggedWrite, batch);
    }

    private void flushUnlogged() throws RocksDBException {
        if (unflushed.getAndSet(false)) {
            try {
                data.flushAll();
            } catch (RocksDBException | RuntimeException e) {
                unflushed.set(true);
                throw e;
            }
        }
    }

    /** Writes a batch of blocks put with {@link #putBlock}, counting those that were still absent. */
    void writeBlocks(WriteBatch batch, List<Multihash> keys, long[] sizes, boolean[] packed, boolean unlogged)
            throws IOException {
        call("writing blocks", () -> {
            gcLock.readLock().lock();
            KeyLocks.Held held = keyLocks.lock(keys);
            try {
                long n = 0;
                long total = 0;
                for (int i = 0; i < keys.size(); i++) {
                    Multihash mh = keys.get(i);
                    counters.sizeReads.incrementAndGet();
                    Keys.SizeEntry existing = sizeEntry(mh.toBytes());
                    if (existing == null) {
                        n++;
                        total += sizes[i];
                    } else {
                        replaced(batch, mh, existing, packed[i]);
                    }
                }
                countIn(batch, n, total);
                if (unlogged) {
                    writeUnlogged(batch);
                } else {
                    write(batch, data.asyncWrite);
                }
                counted(n, total);
                counters.blockWrites.addAndGet(n);
                return null;
            } finally {
                held.close();
                gcLock.readLock().unlock();
            }
        });
    }

    /**
     * Another session stored {@code mh} since this one found it absent, and this batch overwrites its entry: the
     * copy it replaces is dropped, so that the counts stay true (a replaced pack record no longer counts as live,
     * and RocksDB's copy of a block now packed is deleted).
     */
    private void replaced(WriteBatch batch, Multihash mh, Keys.SizeEntry was, boolean nowPacked)
            throws RocksDBException {
        byte[] key = mh.toBytes();
        if (was.packed()) {
            batch.merge(data.meta, Keys.packLive(was.pack()),
                    Keys.le64(-PackFiles.recordLength(key.length, (int) was.size())));
        } else if (nowPacked) {
            batch.delete(data.blocks, key);
        }
    }

    /** Makes every earlier unsynced or unlogged write durable. */
    void syncWal() throws IOException {
        call("syncing the write-ahead log", () -> {
            packs.sync();
            flushUnlogged();
            data.db.syncWal();
            return null;
        });
    }

    // ---- test hooks ----

    /**
     * Each pack's live count against the records the index points into it, and that those packs exist; returns
     * what disagrees (nothing for a sound store).
     */
    List<String> packAccountingProblems() throws IOException {
        return call("checking the packs' counts", () -> {
            Map<Long, Long> expected = new TreeMap<>();
            try (RocksIterator it = data.db.newIterator(data.sizes)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    Keys.SizeEntry entry = Keys.parseSizeEntry(it.value());
                    if (entry.packed()) {
                        expected.merge(entry.pack(), (long) PackFiles.recordLength(it.key().length,
                                (int) entry.size()), Long::sum);
                    }
                }
                it.status();
            }
            Set<Long> ids = new TreeSet<>(packs.ids());
            try (RocksIterator it = data.db.newIterator(data.meta)) {
                for (it.seek(Keys.META_PACK_PREFIX); it.isValid()
                        && Keys.refBelongsTo(it.key(), Keys.META_PACK_PREFIX); it.next()) {
                    ids.add(ByteBuffer.wrap(it.key(), Keys.META_PACK_PREFIX.length, 8).getLong());
                }
                it.status();
            }
            ids.addAll(expected.keySet());
            List<String> problems = new ArrayList<>();
            for (long id : ids) {
                long live = PackReclaimer.live(this, id);
                long want = expected.getOrDefault(id, 0L);
                if (live != want) {
                    problems.add("pack " + id + " counts " + live + " live bytes, its indexed records " + want);
                }
                if (want > 0 && packs.size(id) < 0) {
                    problems.add("pack " + id + " holds indexed records but is missing");
                }
            }
            return problems;
        });
    }

    StoreCounters counters() {
        return counters;
    }

    int tempPinnedCount() {
        return tempPins.size();
    }

    /** Overwrites a block's bytes without any bookkeeping, to simulate corruption on disk. */
    void overwriteBlockBytes(Multihash mh, byte[] bytes) throws IOException {
        call("corrupting a block", () -> {
            data.db.put(data.blocks, data.syncWrite, mh.toBytes(), bytes);
            return null;
        });
    }

    /** Makes every later write fail with {@code failure} (null to stop), as RocksDB would on a full disk. */
    void failWritesWith(RocksDBException failure) {
        injectedWriteFailure = failure;
    }
}
