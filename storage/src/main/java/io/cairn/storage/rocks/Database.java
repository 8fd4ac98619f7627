package io.cairn.storage.rocks;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.FlushOptions;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB instance, its column family handles and every native object they depend on, opened together and
 * closed together in reverse order (RocksJava objects must be closed explicitly, and a handle must close before
 * its database, an options object after it).
 *
 * <p>Tuning is for a small machine (two cores, a few GB of memory): two flush threads and one compaction thread, 64 MiB
 * memtables for {@code blocks} and 16 MiB for the small families, one 64 MiB block cache shared by all, bloom filters
 * on every family for point lookups. Blocks of 32 KiB and more are not in the database at all but in pack files
 * ({@link PackFiles}); of the rest, values of 4 KiB and more go to blob files (integrated BlobDB), uncompressed
 * (block contents are usually compressed or hashed data already), so that compaction moves keys and blob pointers
 * rather than rewriting 256 KiB-1 MiB values. A blob file is freed only once compaction has seen all its blobs deleted
 * or relocated the live ones; flushes write blobs in key (multihash) order, so the blocks of one add are spread over a
 * flush's files. Blob files are 64 MiB. Blob GC is off except while a collection compacts to give space back ({@link
 * #reclaimBlockSpace}), which relocates live blobs out of the older half of the files (measured: with 16 MiB files,
 * deleting half of 100 MiB in a random pattern and compacting freed 26 MB; relocating from every file freed all 52 MB
 * but copies all live data, which a collection should not cost). {@code max_total_wal_size} forces the rarely-written
 * small families to flush so old WAL files go away. Flushes and compactions write with direct I/O where the file system
 * takes it ({@link #directIoWorks}).
 */
final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String BLOCKS = "blocks";
    static final String SIZES = "sizes";
    static final String REFS = "refs";
    static final String PINS = "pins";
    static final String GC = "gc";
    static final String META = "meta";
    private static final List<String> FAMILIES = List.of(BLOCKS, SIZES, REFS, PINS, GC, META);
    private static final int READ_ONLY_OPEN_ATTEMPTS = 3;

    static {
        RocksDB.loadLibrary();
    }

    final RocksDB db;
    final ColumnFamilyHandle blocks;
    final ColumnFamilyHandle sizes;
    final ColumnFamilyHandle refs;
    final ColumnFamilyHandle pins;
    final ColumnFamilyHandle gc;
    final ColumnFamilyHandle meta;
    /** For the end of an operation the caller reports as done: the WAL is synced. */
    final WriteOptions syncWrite;
    /** For writes that a later sync write or WAL sync makes durable (GC deletions, an add's last batch). */
    final WriteOptions asyncWrite;
    /**
     * For a large add's intermediate batches: no WAL, so their bytes are written once (into the memtable, then by
     * the flush into blob files) instead of twice. They are durable only after a flush; {@link RocksStore} flushes
     * before the next sync write, see {@link RocksStore#writeUnlogged}.
     */
    final WriteOptions unloggedWrite;
    /** For whole-store scans (verify, listing): do not evict the cache for data read once. */
    final ReadOptions scanRead;
    /**
     * For block values: no RocksDB checksums. The rocksdbjni build computes CRC32c in software (its LOG says "Fast
     * CRC32 supported: Not supported on x86"), about 1 GB/s, which alone capped reading blocks at 0.85 GB/s.
     * Block integrity is the multihash's job: {@code Datastore.HashOnRead} re-hashes every read, {@code repo
     * verify} every block, and blocks from the network are verified on arrival (Kubo's flatfs checks nothing).
     */
    final ReadOptions blockRead;

    private final List<ColumnFamilyHandle> handles;
    /** Closed after the database, in reverse order of creation. */
    private final List<AbstractNativeReference> owned;

    private Database(RocksDB db, List<ColumnFamilyHandle> handles, List<AbstractNativeReference> owned,
            WriteOptions syncWrite, WriteOptions asyncWrite, WriteOptions unloggedWrite, ReadOptions scanRead,
            ReadOptions blockRead) {
        this.db = db;
        this.handles = handles;
        this.owned = owned;
        // handles.get(0) is RocksDB's mandatory "default" family, unused.
        this.blocks = handles.get(1);
        this.sizes = handles.get(2);
        this.refs = handles.get(3);
        this.pins = handles.get(4);
        this.gc = handles.get(5);
        this.meta = handles.get(6);
        this.syncWrite = syncWrite;
        this.asyncWrite = asyncWrite;
        this.unloggedWrite = unloggedWrite;
        this.scanRead = scanRead;
        this.blockRead = blockRead;
    }

    static boolean exists(Path dir) {
        return Files.exists(dir.resolve("CURRENT"));
    }

    /**
     * Opens the database. Read-only, it takes no lock and reads the files as they are, the writer's log included,
     * so it works beside a process that has the store open for writing; an open that races with that writer
     * deleting a file it just listed (a flush or compaction finishing) is retried.
     */
    static Database open(Path dir, boolean readOnly) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return openOnce(dir, readOnly);
            } catch (IOException e) {
                if (!readOnly || attempt == READ_ONLY_OPEN_ATTEMPTS
                        || !(e.getCause() instanceof RocksDBException r && RocksErrors.isMissingFile(r))) {
                    throw e;
                }
                LOG.debug("a file of {} went away while opening it read-only; retrying", dir, e);
            }
        }
    }

    private static Database openOnce(Path dir, boolean readOnly) throws IOException {
        boolean exists = exists(dir);
        if (readOnly && !exists) {
            throw new IOException("no store at " + dir + " to open read-only");
        }
        if (!readOnly) {
            Files.createDirectories(dir);
        }
        List<AbstractNativeReference> owned = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            Cache cache = own(owned, new LRUCache(64L << 20));
            Filter bloom = own(owned, new BloomFilter(10, false));
            ColumnFamilyOptions blockOptions = own(owned, new ColumnFamilyOptions()
                    .setWriteBufferSize(64L << 20)
                    .setMaxWriteBufferNumber(3)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setEnableBlobFiles(true)
                    .setMinBlobSize(4096)
                    .setBlobFileSize(64L << 20)
                    .setBlobCompressionType(CompressionType.NO_COMPRESSION)
                    // Off except while a collection compacts to give space back (reclaimSpace): on, every
                    // compaction during a large add copied the older half of its blob files again (measured:
                    // 128 MiB more written for a 512 MiB add, with no garbage to free).
                    .setEnableBlobGarbageCollection(false)
                    .setBlobGarbageCollectionAgeCutoff(0.5)
                    .setBlobGarbageCollectionForceThreshold(0.5)
                    .setTableFormatConfig(table(cache, bloom)));
            ColumnFamilyOptions smallOptions = own(owned, new ColumnFamilyOptions()
                    .setWriteBufferSize(16L << 20)
                    .setMaxWriteBufferNumber(2)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setTableFormatConfig(table(cache, bloom)));
            ColumnFamilyOptions metaOptions = own(owned, new ColumnFamilyOptions()
                    .setWriteBufferSize(4L << 20)
                    .setMaxWriteBufferNumber(2)
                    .setMergeOperatorName("uint64add")
                    .setTableFormatConfig(table(cache, bloom)));
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallOptions));
            for (String name : FAMILIES) {
                ColumnFamilyOptions o = switch (name) {
                    case BLOCKS -> blockOptions;
                    case META -> metaOptions;
                    default -> smallOptions;
                };
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), o));
            }
            DBOptions dbOptions = own(owned, new DBOptions()
                    .setCreateIfMissing(!readOnly)
                    .setCreateMissingColumnFamilies(!readOnly)
                    // Two flushes at once: a large add is flush-bound, and a direct-I/O flush alternates CRC work
                    // (the blob records' checksums) with waiting for its writes, so a second one fills the waits
                    // (1 GiB add: 2.82-2.96 s against 3.04-3.09 s with one, same CPU). Atomic flush installs
                    // their results in order. One compaction: two cores.
                    .setMaxBackgroundFlushes(2)
                    .setMaxBackgroundCompactions(1)
                    .setUseDirectIoForFlushAndCompaction(!readOnly && directIoWorks(dir))
                    .setBytesPerSync(1L << 20)
                    .setMaxTotalWalSize(256L << 20)
                    // Unlogged add batches touch four families; a flush must persist all of them or none, or a
                    // crash could keep a family's counters without the blocks they count.
                    .setAtomicFlush(true)
                    .setDbWriteBufferSize(256L << 20)
                    .setMaxOpenFiles(512)
                    .setKeepLogFileNum(4)
                    .setMaxLogFileSize(8L << 20)
                    .setStatsDumpPeriodSec(0)
                    .setInfoLogLevel(InfoLogLevel.INFO_LEVEL));
            if (exists) {
                requireKnownFamilies(dir);
            }
            WriteOptions syncWrite = own(owned, new WriteOptions().setSync(true));
            WriteOptions asyncWrite = own(owned, new WriteOptions().setSync(false));
            WriteOptions unloggedWrite = own(owned, new WriteOptions().setSync(false).setDisableWAL(true));
            ReadOptions scanRead = own(owned, new ReadOptions().setFillCache(false));
            ReadOptions blockRead = own(owned, new ReadOptions().setVerifyChecksums(false));
            RocksDB db = readOnly
                    ? RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles, false)
                    : RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            return new Database(db, handles, owned, syncWrite, asyncWrite, unloggedWrite, scanRead, blockRead);
        } catch (RocksDBException e) {
            closeAll(handles, owned);
            throw RocksErrors.map("opening the store", dir, e);
        } catch (IOException | RuntimeException | Error e) {
            closeAll(handles, owned);
            throw e;
        }
    }

    /**
     * Whether files in {@code dir} can be written with {@code O_DIRECT}. Flushes and compactions use it where they
     * can: a buffered flush copies every byte into the page cache first, which cost the flush thread 0.9 CPU s per
     * GiB added, as much as all of its other work (measured with perf on a 1 GiB add: the flush thread went from
     * 2.2 to 1.2 CPU s). Some file systems (tmpfs, some FUSE ones) refuse {@code O_DIRECT}, and RocksDB would then
     * fail every flush, so this writes one aligned page into a scratch file first; any failure means no.
     */
    static boolean directIoWorks(Path dir) {
        Path probe = dir.resolve("direct-io-probe.tmp");
        try {
            int page = 4096;
            ByteBuffer buf = ByteBuffer.allocateDirect(2 * page).alignedSlice(page);
            buf.limit(page);
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT)) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("direct I/O does not work in {}; flushes go through the page cache", dir, e);
            return false;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", probe, e.getMessage());
            }
        }
    }

    private static BlockBasedTableConfig table(Cache cache, Filter bloom) {
        return new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(bloom)
                .setBlockSize(16 * 1024)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
    }

    /** A store written by a newer Cairn may have families this one does not know; refuse it rather than drop them. */
    private static void requireKnownFamilies(Path dir) throws RocksDBException, IOException {
        List<byte[]> existing;
        try (Options options = new Options()) {
            existing = RocksDB.listColumnFamilies(options, dir.toString());
        }
        Set<String> unknown = new TreeSet<>();
        for (byte[] name : existing) {
            String n = new String(name, StandardCharsets.UTF_8);
            if (!FAMILIES.contains(n) && !Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
                unknown.add(n);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IOException("the store at " + dir + " has column families this version does not know "
                    + unknown + "; it was written by a newer Cairn");
        }
    }

    private static <T extends AbstractNativeReference> T own(List<AbstractNativeReference> owned, T ref) {
        owned.add(ref);
        return ref;
    }

    private static void closeAll(List<ColumnFamilyHandle> handles, List<AbstractNativeReference> owned) {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
    }

    /**
     * Compacts {@code blocks} with blob garbage collection on, so deleted blocks' blob files are freed and the live
     * blobs of the older half of the files relocated; then turns blob GC off again.
     */
    void reclaimBlockSpace() throws RocksDBException {
        db.setOptions(blocks, MutableColumnFamilyOptions.builder().setEnableBlobGarbageCollection(true).build());
        try {
            db.compactRange(blocks);
        } finally {
            db.setOptions(blocks, MutableColumnFamilyOptions.builder().setEnableBlobGarbageCollection(false).build());
        }
    }

    /** Blob bytes that compaction has seen deleted but not yet given back, and all blob bytes. */
    long[] blobGarbage() throws RocksDBException {
        return new long[] {
            db.getLongProperty(blocks, "rocksdb.live-blob-file-garbage-size"),
            db.getLongProperty(blocks, "rocksdb.live-blob-file-size")
        };
    }

    /** Writes every memtable to files and waits: with atomic flush, all families' or none. */
    void flushAll() throws RocksDBException {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
        }
    }

    /**
     * Flushes the memtables (read-write only), so that the next open, often the next command, need not replay the
     * WAL into a memtable and flush it first; then closes the handles, the database and the options it used.
     * Nothing is lost if the flush fails (a full disk): the WAL still holds it all.
     */
    void close(Path dir, boolean readOnly) throws IOException {
        RocksDBException failure = null;
        if (!readOnly) {
            try {
                flushAll();
            } catch (RocksDBException e) {
                LOG.warn("could not flush the store at {} before closing; the next open will replay its log: {}",
                        dir, e.getMessage());
            }
        }
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        try {
            db.closeE();
        } catch (RocksDBException e) {
            failure = e;
        } finally {
            for (int i = owned.size() - 1; i >= 0; i--) {
                owned.get(i).close();
            }
        }
        if (failure != null) {
            throw RocksErrors.map("closing the store", dir, failure);
        }
    }

}
