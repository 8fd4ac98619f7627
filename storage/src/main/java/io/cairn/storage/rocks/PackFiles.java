package io.cairn.storage.rocks;

import com.sun.nio.file.ExtendedOpenOption;
import io.cairn.core.FormatException;
import io.cairn.core.multiformats.Multihash;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Large blocks' bytes in append-only pack files, {@code packs/NNNNNNNNNN.pack} inside the database's directory
 * (docs/storage-design.md, "Pack files"). RocksDB keeps the index: a packed block's {@code sizes} entry holds its
 * pack and offset, and {@code meta} counts each pack's live bytes. A block's bytes are written once, by this class,
 * instead of four times through RocksDB (native batch, memtable, blob file, each blob record's software CRC32c).
 *
 * <p>A record is {@code magic(4) dataLength(4) multihashLength(1) multihash data crc32c(4)}, all integers big-endian,
 * the CRC32c (Java's, in hardware) over everything between the magic and itself. Records are appended to a staging
 * buffer that a writer thread writes out 4 MiB at a time, with {@code O_DIRECT} where the file system takes it;
 * {@link #sync} writes out the partial buffer (padded with zeros to 4 KiB, so direct writes stay aligned) and forces
 * the file. The store publishes a record's locator only after a sync that covers it, so a crash can leave
 * unindexed bytes at the end of a pack, never an index entry without its bytes. Each process appends to new packs
 * only (a pack is never reopened for writing), and a pack is sealed once it holds {@link #PACK_BYTES}.
 *
 * <p>Thread-safe. Appends and syncs are serialized; reads run in parallel through one read channel per pack.
 */
final class PackFiles implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PackFiles.class);
    static final String DIRECTORY = "packs";
    static final int MAGIC = 0x43504b31; // "CPK1"
    /** magic, data length, multihash length */
    static final int HEADER = 9;
    static final int TRAILER = 4;
    /** A pack is sealed once it holds this much; the next record starts a new one. */
    static final long PACK_BYTES = 256L << 20;
    static final int ALIGN = 4096;
    /** The writer's unit: one write call per staging buffer. */
    static final int CHUNK = 4 << 20;
    private static final int BUFFERS = 3;
    /** Larger records are refused when read or scanned (a corrupt length must not allocate gigabytes). */
    static final int MAX_DATA = 64 << 20;
    private static final int SCRATCH_KEEP = 4 << 20;
    /** Most read channels open at once. */
    static final int MAX_READERS = 128;

    private final Path dir;
    private final boolean readOnly;
    private final boolean direct;
    /** A pack is sealed once it holds this much ({@link #PACK_BYTES}; tests lower it). */
    volatile long packBytes = PACK_BYTES;
    private final Map<Long, FileChannel> readers = new ConcurrentHashMap<>();
    private final ThreadLocal<ByteBuffer> scratch = new ThreadLocal<>();

    // ---- writer state, guarded by this ----
    private long nextId;
    private long currentId = -1;
    private FileChannel current;
    /** File offset just past the last record (or padding) appended to the current pack. */
    private long currentEnd;
    /** Staging buffer, or null; its first byte goes to {@link #bufStart} in the current pack. */
    private ByteBuffer buf;
    private long bufStart;
    /** Volatile for {@link #sync}'s fast path: a writer sees its own appends without the lock. */
    private volatile boolean appendedSinceSync;
    private boolean dirDirty;
    private ExecutorService writer;
    private BlockingQueue<ByteBuffer> free;
    private boolean closed;
    /** The first failure of the writer thread; from then on every append and sync fails with it. */
    private volatile IOException failure;
    /** Open writers (add sessions) and the first pack each may have appended to without publishing yet. */
    private final Map<Object, Long> holds = new ConcurrentHashMap<>();

    private PackFiles(Path dir, boolean readOnly, boolean direct, long nextId) {
        this.dir = dir;
        this.readOnly = readOnly;
        this.direct = direct;
        this.nextId = nextId;
    }

    /**
     * Opens the packs of the store in {@code storeDir}; for writing, creates the directory, and writes with {@code
     * O_DIRECT} if the file system takes it.
     */
    static PackFiles open(Path storeDir, boolean readOnly) throws IOException {
        return open(storeDir, readOnly, !readOnly && Database.directIoWorks(storeDir));
    }

    static PackFiles open(Path storeDir, boolean readOnly, boolean direct) throws IOException {
        Path dir = storeDir.resolve(DIRECTORY);
        if (!readOnly) {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                forceDirectory(storeDir);
            }
        }
        List<Long> ids = Files.isDirectory(dir) ? list(dir) : List.of();
        long next = ids.isEmpty() ? 1 : ids.get(ids.size() - 1) + 1;
        return new PackFiles(dir, readOnly, direct, next);
    }

    static String fileName(long id) {
        return String.format("%010d.pack", id);
    }

    private Path path(long id) {
        return dir.resolve(fileName(id));
    }

    /** The ids of the packs on disk, ascending. */
    List<Long> ids() throws IOException {
        return Files.isDirectory(dir) ? list(dir) : List.of();
    }

    private static List<Long> list(Path dir) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pack")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    ids.add(Long.parseLong(name.substring(0, name.length() - ".pack".length())));
                } catch (NumberFormatException e) {
                    LOG.warn("ignoring {}: not a pack file name", f);
                }
            }
        }
        Collections.sort(ids);
        return ids;
    }

    static int recordLength(int multihashLength, int dataLength) {
        return HEADER + multihashLength + dataLength + TRAILER;
    }

    // ---- writing ----

    /**
     * Appends a record and returns its {@code {pack, offset}}. It is durable, and may be published, only after the
     * next {@link #sync}.
     */
    synchronized long[] append(Multihash mh, byte[] data) throws IOException {
        if (readOnly || closed) {
            throw new IOException("the packs at " + dir + " are " + (closed ? "closed" : "read-only"));
        }
        checkFailure();
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("a block of " + data.length + " bytes is too large for a pack");
        }
        byte[] key = mh.toBytes();
        if (current == null || currentEnd >= packBytes) {
            roll();
        }
        byte[] header = new byte[HEADER + key.length];
        ByteBuffer.wrap(header).putInt(MAGIC).putInt(data.length).put((byte) key.length).put(key);
        CRC32C crc = new CRC32C();
        crc.update(header, 4, header.length - 4);
        crc.update(data);
        long offset = currentEnd;
        byte[] trailer = new byte[TRAILER];
        ByteBuffer.wrap(trailer).putInt((int) crc.getValue());
        try {
            stage(header, 0, header.length);
            stage(data, 0, data.length);
            stage(trailer, 0, TRAILER);
        } catch (IOException | RuntimeException e) {
            // Interrupted while waiting for a buffer, or the writer failed: part of this record may be staged. The
            // records before it were promised to their callers, so what is staged is written out, and this pack
            // ends here with the partial record as its unpublished tail; the next append starts a new pack.
            seal();
            throw e;
        }
        currentEnd += recordLength(key.length, data.length);
        appendedSinceSync = true;
        return new long[] {currentId, offset};
    }

    /** The pack being appended to and how far, or null when none is open. */
    synchronized long[] current() {
        return current == null ? null : new long[] {currentId, currentEnd};
    }

    /** The pack the next append goes to, at the earliest. */
    synchronized long writingFrom() {
        return current != null ? currentId : nextId;
    }

    /**
     * Holds back {@link #reclaimable}: packs from the current one on may hold records {@code owner} appended and has
     * not published yet. Release with {@link #release}.
     */
    void hold(Object owner) {
        holds.putIfAbsent(owner, writingFrom());
    }

    void release(Object owner) {
        holds.remove(owner);
    }

    /**
     * Packs that no writer can still be filling or publishing into: sealed ones below the current pack and below
     * every held one. Only these may be relocated or deleted.
     */
    List<Long> reclaimable() throws IOException {
        long limit = writingFrom();
        for (long held : holds.values()) {
            limit = Math.min(limit, held);
        }
        List<Long> out = new ArrayList<>();
        for (long id : ids()) {
            if (id < limit) {
                out.add(id);
            }
        }
        return out;
    }

    /** Makes every record appended so far durable; a no-op when nothing was appended since the last sync. */
    void sync() throws IOException {
        // Every batch write calls this; one that carries no new locator must not wait behind another thread's
        // fsync. A thread's own appends happened before its check, so it always sees them.
        if (!appendedSinceSync) {
            checkFailure();
            return;
        }
        syncLocked();
    }

    private synchronized void syncLocked() throws IOException {
        checkFailure();
        if (!appendedSinceSync) {
            return;
        }
        padAndSubmit();
        FileChannel ch = current;
        // The writer runs tasks in order: when this one is done, so are the writes and seals before it. A failed
        // force fails the writer for good: the kernel may have dropped the pages it could not write.
        await(writer.submit(() -> {
            try {
                if (failure == null && ch != null) {
                    ch.force(false);
                }
            } catch (IOException e) {
                fail(e);
            }
        }));
        checkFailure();
        if (dirDirty) {
            forceDirectory(dir);
            dirDirty = false;
        }
        appendedSinceSync = false;
    }

    /**
     * Ends the current pack, so that a collection may reclaim it once its records are published; the next append
     * starts a new one.
     */
    synchronized void seal() {
        if (current == null) {
            return;
        }
        padAndSubmit();
        FileChannel sealed = current;
        writer.execute(() -> {
            try {
                if (failure == null) {
                    sealed.force(false);
                }
            } catch (IOException e) {
                fail(e);
            } finally {
                closeQuietly(sealed);
            }
        });
        current = null;
    }

    private void roll() throws IOException {
        seal();
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "cairn-pack-writer");
                t.setDaemon(true);
                return t;
            });
            free = new ArrayBlockingQueue<>(BUFFERS);
            for (int i = 0; i < BUFFERS; i++) {
                free.add(ByteBuffer.allocateDirect(CHUNK + ALIGN).alignedSlice(ALIGN).limit(CHUNK));
            }
        }
        long id = nextId++;
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        if (direct) {
            options.add(ExtendedOpenOption.DIRECT);
        }
        try {
            current = FileChannel.open(path(id), options.toArray(OpenOption[]::new));
        } catch (IOException e) {
            throw mapWriteFailure(e);
        }
        currentId = id;
        currentEnd = 0;
        bufStart = 0;
        dirDirty = true;
    }

    private void stage(byte[] src, int off, int len) throws IOException {
        while (len > 0) {
            if (buf == null) {
                buf = takeBuffer();
            }
            int n = Math.min(len, buf.remaining());
            buf.put(src, off, n);
            off += n;
            len -= n;
            if (!buf.hasRemaining()) {
                submit();
            }
        }
    }

    /** Pads the staged bytes to {@link #ALIGN} and hands them to the writer. */
    private void padAndSubmit() {
        if (buf == null || buf.position() == 0) {
            return;
        }
        int pad = (ALIGN - buf.position() % ALIGN) % ALIGN;
        for (int i = 0; i < pad; i++) {
            buf.put((byte) 0);
        }
        currentEnd += pad;
        submit();
    }

    private void submit() {
        ByteBuffer b = buf;
        buf = null;
        b.flip();
        long position = bufStart;
        bufStart += b.limit();
        FileChannel ch = current;
        writer.execute(() -> {
            try {
                if (failure == null) {
                    while (b.hasRemaining()) {
                        ch.write(b, position + b.position());
                    }
                }
            } catch (IOException e) {
                fail(e);
            } finally {
                b.clear().limit(CHUNK);
                free.add(b);
            }
        });
    }

    private ByteBuffer takeBuffer() throws IOException {
        try {
            ByteBuffer b;
            while ((b = free.poll(1, TimeUnit.SECONDS)) == null) {
                checkFailure();
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing a pack in " + dir);
        }
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = mapWriteFailure(e);
            LOG.warn("writing a pack in {} failed; the store takes no more large blocks until reopened: {}", dir,
                    e.toString());
        }
    }

    private IOException mapWriteFailure(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left on device")) {
            return new StoreFullException("no space left on device while writing a pack (in " + dir
                    + "); nothing that used it was recorded. Free disk space, then reopen the store (" + message
                    + ")", e);
        }
        return new IOException("writing a pack in " + dir + " failed: " + message, e);
    }

    private void checkFailure() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw f instanceof StoreFullException s
                    ? new StoreFullException(s.getMessage(), s)
                    : new IOException(f.getMessage(), f);
        }
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while syncing a pack");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static void forceDirectory(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    // ---- reading ----

    /** Thrown for a record that is not what its locator promised: truncated, another block's, or a CRC mismatch. */
    static final class BadRecordException extends IOException {
        private static final long serialVersionUID = 1L;

        BadRecordException(String message) {
            super(message);
        }
    }

    /**
     * The data of the record at {@code offset} in pack {@code pack}, which must be {@code mh}'s and {@code size}
     * bytes long, its CRC checked. {@link NoSuchFileException} when the pack is gone (relocated, or a read-only
     * view's index is older than the packs).
     */
    byte[] read(long pack, long offset, Multihash mh, long size) throws IOException {
        byte[] key = mh.toBytes();
        if (size < 0 || size > MAX_DATA) {
            throw new BadRecordException("recorded size " + size + " of block " + mh + " is out of range");
        }
        int len = recordLength(key.length, (int) size);
        ByteBuffer b = scratch(len);
        FileChannel ch = reader(pack);
        while (b.hasRemaining()) {
            int n = ch.read(b, offset + b.position());
            if (n < 0) {
                throw new BadRecordException("pack " + fileName(pack) + " ends inside block " + mh + " (offset "
                        + offset + ")");
            }
        }
        b.flip();
        check(b, 0, key, (int) size, mh, pack, offset);
        byte[] out = new byte[(int) size];
        b.get(HEADER + key.length, out);
        return out;
    }

    private static void check(ByteBuffer b, int at, byte[] key, int size, Object what, long pack, long offset)
            throws BadRecordException {
        if (b.getInt(at) != MAGIC || b.getInt(at + 4) != size || (b.get(at + 8) & 0xff) != key.length) {
            throw new BadRecordException("pack " + fileName(pack) + " has no record of " + size + " bytes for block "
                    + what + " at offset " + offset);
        }
        for (int i = 0; i < key.length; i++) {
            if (b.get(at + HEADER + i) != key[i]) {
                throw new BadRecordException("pack " + fileName(pack) + " holds another block at offset " + offset
                        + " than " + what);
            }
        }
        int end = at + recordLength(key.length, size);
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(at + 4).limit(end - TRAILER));
        if ((int) crc.getValue() != b.getInt(end - TRAILER)) {
            throw new BadRecordException("block " + what + " in pack " + fileName(pack) + " at offset " + offset
                    + " fails its CRC32c check (the bytes on disk changed)");
        }
    }

    private ByteBuffer scratch(int len) {
        if (len > SCRATCH_KEEP) {
            return ByteBuffer.allocate(len);
        }
        ByteBuffer b = scratch.get();
        if (b == null || b.capacity() < len) {
            b = ByteBuffer.allocateDirect(Math.max(len, 512 << 10));
            scratch.set(b);
        }
        return b.clear().limit(len);
    }

    /**
     * The pack's shared read channel, opened on first use; reopened if it was closed (a thread interrupted in a read
     * closes the channel for every thread, and {@link #MAX_READERS} bounds how many stay open).
     */
    private FileChannel reader(long pack) throws IOException {
        FileChannel ch = readers.get(pack);
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        synchronized (readers) {
            ch = readers.get(pack);
            if (ch == null || !ch.isOpen()) {
                if (readers.size() >= MAX_READERS) {
                    // Bounds the descriptors a store with thousands of packs holds. A read in progress on the
                    // evicted channel fails with ClosedChannelException, and its caller reads again.
                    Long evict = readers.keySet().iterator().next();
                    closeQuietly(readers.remove(evict));
                }
                ch = FileChannel.open(path(pack), StandardOpenOption.READ);
                readers.put(pack, ch);
            }
            return ch;
        }
    }

    /** The size of a pack's file, -1 when it is gone. */
    long size(long pack) throws IOException {
        try {
            return Files.size(path(pack));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /** Deletes a pack no index entry points into. */
    void delete(long pack) throws IOException {
        synchronized (readers) {
            FileChannel ch = readers.remove(pack);
            if (ch != null) {
                closeQuietly(ch);
            }
        }
        Files.deleteIfExists(path(pack));
        forceDirectory(dir);
    }

    /** What {@link #scan} hands over for each sound record. */
    interface RecordVisitor {
        void record(Multihash mh, long offset, int recordLength, byte[] data) throws IOException;
    }

    /**
     * Reads a pack from start to end and visits every record whose header and CRC are sound. Zeros (the padding
     * of a sync) are skipped to the next 4 KiB; anything else that is not a record ends the scan (the unsynced tail
     * of a pack whose writer died), as does a record with a bad CRC whose length cannot be trusted.
     */
    void scan(long pack, RecordVisitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(path(pack), StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(HEADER + 255);
            long pos = 0;
            while (pos + HEADER + TRAILER <= size) {
                head.clear().limit(HEADER);
                readFully(ch, head, pos);
                int magic = head.getInt(0);
                if (magic == 0) {
                    pos = (pos / ALIGN + 1) * ALIGN;
                    continue;
                }
                int dataLength = head.getInt(4);
                int keyLength = head.get(8) & 0xff;
                if (magic != MAGIC || dataLength < 0 || dataLength > MAX_DATA || keyLength == 0) {
                    break;
                }
                int len = recordLength(keyLength, dataLength);
                if (pos + len > size) {
                    break;
                }
                ByteBuffer record = ByteBuffer.allocate(len);
                readFully(ch, record, pos);
                record.flip();
                byte[] key = new byte[keyLength];
                record.get(HEADER, key);
                Multihash mh;
                try {
                    mh = Multihash.fromBytes(key);
                    check(record, 0, key, dataLength, mh, pack, pos);
                } catch (BadRecordException | FormatException e) {
                    LOG.warn("pack {}: unreadable record at offset {} ({}); skipping it", fileName(pack), pos,
                            e.getMessage());
                    pos += len;
                    continue;
                }
                byte[] data = new byte[dataLength];
                record.get(HEADER + keyLength, data);
                visitor.record(mh, pos, len, data);
                pos += len;
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new EOFException();
            }
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Every published record was synced before its publication; what is still staged was never
            // published, so closing needs no sync of its own. The seal writes it out and closes the file.
            if (failure == null) {
                seal();
            }
        } finally {
            if (writer != null) {
                writer.shutdown();
                try {
                    if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                        LOG.warn("the pack writer in {} did not finish within a minute", dir);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (current != null) {
                closeQuietly(current);
                current = null;
            }
            synchronized (readers) {
                for (FileChannel ch : readers.values()) {
                    closeQuietly(ch);
                }
                readers.clear();
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing a pack failed", e);
        }
    }
}
