package io.cairn.storage.providers;

import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node provides, in a small RocksDB of its own ({@code provide/} in the repository): the two key sets of
 * network's sweep provider (every key provided, and the queue of keys not yet provided once) as
 * {@link RocksProviderKeySet}s in the column families {@code keys} and {@code queue}, and the provide schedule's
 * bytes (opaque here; network's {@code ProvideSchedule.encode()}) in {@code default}. So providing resumes after a
 * restart where it stopped, without re-announcing everything at once.
 *
 * <p>Each set's entries are keyed by the key's kad-dht point (SHA-256 of the multihash bytes, 32 bytes) followed by
 * the multihash, with empty values: RocksDB's bytewise order is then keyspace order, and the keys of one keyspace
 * region are one range scan. Each set's size is kept in {@code default}, written in the same batch as the entry, so it
 * stays exact across a restart without a count at open.
 *
 * <p>Thread-safe: every method holds this object's monitor (the DHT calls it from its one thread). Writes are not
 * synced: a crash of the machine may lose the last additions, which the node re-queues when it next provides them.
 */
public final class RocksProvideStore implements Closeable {
    /** The store's directory inside a repository: {@code repo.path().resolve(DIRECTORY)}. */
    public static final String DIRECTORY = "provide";

    private static final Logger LOG = LoggerFactory.getLogger(RocksProvideStore.class);
    static final byte[] SCHEDULE = RocksResources.ascii("schedule");

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final List<ColumnFamilyHandle> handles;
    private final List<AbstractNativeReference> owned;
    private final WriteOptions write;
    private final RocksProviderKeySet keys;
    private final RocksProviderKeySet queue;
    private boolean closed;

    private RocksProvideStore(Path dir, RocksDB db, List<ColumnFamilyHandle> handles,
            List<AbstractNativeReference> owned, WriteOptions write) throws RocksDBException {
        this.dir = dir;
        this.db = db;
        this.handles = handles;
        this.owned = owned;
        this.write = write;
        this.meta = handles.get(0);
        this.keys = new RocksProviderKeySet(this, handles.get(1), RocksResources.ascii("count:keys"));
        this.queue = new RocksProviderKeySet(this, handles.get(2), RocksResources.ascii("count:queue"));
    }

    /** Opens, creating it if absent, the provide database in {@code dir}. */
    public static RocksProvideStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<AbstractNativeReference> owned = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksProvideStore store = null;
        try {
            ColumnFamilyOptions small = RocksResources.own(owned, new ColumnFamilyOptions()
                    .setWriteBufferSize(4L << 20)
                    .setMaxWriteBufferNumber(2)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION));
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, small),
                    new ColumnFamilyDescriptor(RocksResources.ascii("keys"), small),
                    new ColumnFamilyDescriptor(RocksResources.ascii("queue"), small));
            DBOptions options = RocksResources.own(owned, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(1)
                    .setMaxTotalWalSize(16L << 20)
                    .setKeepLogFileNum(2)
                    .setMaxLogFileSize(1L << 20)
                    .setStatsDumpPeriodSec(0));
            WriteOptions write = RocksResources.own(owned, new WriteOptions().setSync(false));
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
            store = new RocksProvideStore(dir, db, handles, owned, write);
            return store;
        } catch (RocksDBException e) {
            throw RocksResources.failure("provide store", "opening", dir, e);
        } finally {
            if (store == null) {
                RocksResources.closeNative(handles, owned, null);
            }
        }
    }

    /** Every key this node provides. */
    public RocksProviderKeySet keys() {
        return keys;
    }

    /** The keys waiting for their first provide; a subset of {@link #keys()} as the sweep provider keeps them. */
    public RocksProviderKeySet queue() {
        return queue;
    }

    /** The schedule saved last, if any. */
    public synchronized Optional<byte[]> loadSchedule() {
        return call("reading the schedule", () -> Optional.ofNullable(db.get(meta, SCHEDULE)));
    }

    public synchronized void saveSchedule(byte[] encoded) {
        call("saving the schedule", () -> {
            db.put(meta, write, SCHEDULE, encoded);
            return null;
        });
    }

    /** The kad-dht point of {@code key}: SHA-256 of its bytes, as network's {@code Key.forMultihash}. */
    public static byte[] point(Multihash key) {
        byte[] b = key.toBytes();
        return HashFunction.SHA2_256.digest(b, 0, b.length);
    }

    RocksDB db() {
        return db;
    }

    ColumnFamilyHandle meta() {
        return meta;
    }

    WriteOptions writeOptions() {
        return write;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("provide store at " + dir + " is closed");
        }
    }

    interface RocksCall<T> {
        T run() throws RocksDBException;
    }

    /** Runs {@code body} under the store's monitor, turning RocksDB's errors into {@link UncheckedIOException}. */
    <T> T call(String action, RocksCall<T> body) {
        synchronized (this) {
            checkOpen();
            try {
                return body.run();
            } catch (RocksDBException e) {
                throw new UncheckedIOException(RocksResources.failure("provide store", action, dir, e));
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
        } catch (RocksDBException e) {
            LOG.warn("could not flush the provide store at {} before closing; the next open replays its log: {}",
                    dir, e.getMessage());
        }
        RocksResources.closeNative(handles, owned, db);
    }

}
