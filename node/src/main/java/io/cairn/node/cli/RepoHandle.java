package io.cairn.node.cli;

import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.repo.RepoConfig;
import io.cairn.storage.rocks.AddSession;
import io.cairn.storage.rocks.MissingBlockException;
import io.cairn.storage.rocks.Pin;
import io.cairn.storage.rocks.PinMode;
import io.cairn.storage.rocks.PinType;
import io.cairn.storage.rocks.RocksStore;
import io.cairn.storage.rocks.StoreOptions;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The repository a command works on: opened for writing ({@link #open}: the files, {@link Repo}, holding the lock,
 * so a second writer gets a clear "in use" error) or for reading ({@link #openReadOnly}: no lock, the database
 * read-only), and the block database ({@link RocksStore}) with the config's storage settings. The location is
 * {@link RepoOption}'s: {@code --repo-dir}, else {@code CAIRN_PATH} from the run's environment, else
 * {@code ~/.cairn}; when there is no repository there, one is created with defaults and a note
 * goes to stderr (docs/storage-design.md). Closing closes the database, then releases the lock.
 */
final class RepoHandle implements Closeable {
    private final Repo repo;
    private final RocksStore store;
    /** Block reads in flight at once for a streaming reader; two cores are the machine this is tuned for. */
    static final int PREFETCH_THREADS = 2;

    private final UnixFsReader reader;
    private UnixFsReader streamingReader;
    private ExecutorService prefetch;

    private RepoHandle(Repo repo, RocksStore store) {
        this.repo = repo;
        this.store = store;
        this.reader = new UnixFsReader(BlockSource.of(store.blocks()));
    }

    static RepoHandle open(Invocation io, RepoOption location) throws IOException {
        RocksStore.preloadNativeLibrary();
        return open(location.openForWriting(io.err()));
    }

    /**
     * Opens the repository for a command that only reads: no lock, and the block database read-only, so it works
     * while another process (a daemon) has the repository open for writing. It reads the database as it was when
     * opened, including the writer's unflushed writes (RocksDB replays the write-ahead log). Where there is no
     * repository, or one whose database was never created, it is created as {@link #open} would.
     */
    static RepoHandle openReadOnly(Invocation io, RepoOption location) throws IOException {
        RocksStore.preloadNativeLibrary();
        Repo repo = location.openForReading(io.err());
        if (!repo.isReadOnly() || RocksStore.exists(repo.blocksPath())) {
            return open(repo);
        }
        repo.close();
        return open(location.openForWriting(io.err()));
    }

    private static RepoHandle open(Repo repo) throws IOException {
        try {
            RepoConfig config = repo.config();
            StoreOptions options = StoreOptions.defaults()
                    .withStorageMax(config.storageMaxBytes())
                    .withGcWatermark(config.storageGcWatermark())
                    .withHashOnRead(config.hashOnRead())
                    .withReadOnly(repo.isReadOnly());
            return new RepoHandle(repo, RocksStore.open(repo.blocksPath(), options));
        } catch (IOException | RuntimeException e) {
            try {
                repo.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    Path path() {
        return repo.path();
    }

    /** The repository files (identity, config), for the daemon's RPC API. */
    Repo repo() {
        return repo;
    }

    /** The repository format, as Kubo's {@code repo stat} names its own ({@code fs-repo@16}). */
    String version() {
        return "cairn-repo@" + Repo.VERSION;
    }

    RepoConfig config() {
        return repo.config();
    }

    RocksStore store() {
        return store;
    }

    BlockStore blockStore() {
        return store.blocks();
    }

    /** The stored blocks as a source: a missing one fails with {@link io.cairn.core.block.BlockNotFoundException}. */
    BlockSource source() {
        return BlockSource.of(store.blocks());
    }

    UnixFsReader reader() {
        return reader;
    }

    /**
     * A reader for streaming file contents ({@code cat}, {@code get}): its blocks are read and decoded on
     * {@link #PREFETCH_THREADS} worker threads, so the reader's lookahead (a bounded window of the next siblings)
     * fetches while the command writes earlier blocks out. Memory stays bounded by that window.
     */
    UnixFsReader streamingReader() {
        if (streamingReader == null) {
            prefetch = Executors.newFixedThreadPool(PREFETCH_THREADS, r -> {
                Thread t = new Thread(r, "cairn-prefetch");
                t.setDaemon(true);
                return t;
            });
            BlockStore blocks = store.blocks();
            ExecutorService pool = prefetch;
            streamingReader = new UnixFsReader(cid -> CompletableFuture.supplyAsync(() -> {
                try {
                    return blocks.get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, pool));
        }
        return streamingReader;
    }

    /**
     * Commits {@code session}, pinning each of {@code roots} as {@code mode} (none when the list is empty). One root
     * is pinned atomically with the commit. With several, the session is committed with the first and the others
     * are pinned after it (an open session's last blocks are not readable by a pin walk until it commits); if one
     * of them is incomplete, the pins this call made are undone (pins the roots had before are left as they were),
     * so the command fails with nothing newly pinned. This process holds the repository lock, so no garbage
     * collection runs in between. Then, past the store's GC watermark, garbage is collected.
     *
     * @throws IncompleteDagException naming the root and the first block of its DAG that is not stored
     */
    void commit(AddSession session, List<Cid> roots, PinMode mode, String name) throws IOException {
        pin(session, roots, mode, name);
        // docs/storage-design.md: the command line collects after an add when the store is past its watermark.
        store.gc().collectIfOverWatermark();
    }

    private void pin(AddSession session, List<Cid> roots, PinMode mode, String name) throws IOException {
        if (roots.isEmpty() || mode == PinMode.NONE) {
            session.commit(null, PinMode.NONE, null);
            return;
        }
        Map<Cid, Optional<Pin>> before = new LinkedHashMap<>();
        for (Cid root : roots) {
            before.put(root, store.pins().get(root).filter(p -> p.type() != PinType.INDIRECT));
        }
        List<Cid> done = new ArrayList<>();
        Cid current = roots.get(0);
        try {
            session.commit(current, mode, name);
            done.add(current);
            for (Cid root : before.keySet()) {
                current = root;
                if (!done.contains(root)) {
                    store.pins().add(root, mode, name);
                    done.add(root);
                }
            }
        } catch (MissingBlockException e) {
            IncompleteDagException failure = new IncompleteDagException(current, e);
            for (Cid pinned : done) {
                try {
                    undo(pinned, before.get(pinned));
                } catch (IOException | RuntimeException undo) {
                    failure.addSuppressed(undo);
                }
            }
            throw failure;
        }
    }

    /** Puts back the pin {@code root} had before this command's pin: none, or its direct pin. */
    private void undo(Cid root, Optional<Pin> previous) throws IOException {
        if (previous.isPresent() && previous.get().type() == PinType.RECURSIVE) {
            return;
        }
        store.pins().remove(root, true);
        if (previous.isPresent()) {
            store.pins().add(root, PinMode.DIRECT, previous.get().name());
        }
    }

    /** Collects garbage, telling {@code removed} each deleted block's multihash. */
    void collectGarbage(Consumer<Multihash> removed) throws IOException {
        store.gc().collect(removed);
    }

    @Override
    public void close() throws IOException {
        try {
            if (prefetch != null) {
                // Reads still in flight (a command that failed mid-file) finish before the store closes.
                prefetch.shutdown();
                awaitPrefetch();
            }
            store.close();
        } finally {
            repo.close();
        }
    }

    private void awaitPrefetch() throws IOException {
        try {
            if (!prefetch.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IOException("block reads did not finish within a minute of the command's end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for block reads to finish");
        }
    }
}
