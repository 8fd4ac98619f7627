package io.cairn.storage.rocks;

import io.cairn.core.FormatException;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * {@link Pinner} over the {@code pins} and {@code refs} column families. Every change runs under the GC lock's
 * read side (so no block it reads is collected before it becomes live) and the pin mutex, and is written as one
 * synced batch: pin records, reference counts and GC candidacy together.
 *
 * <p>Pins are stored under the CID as given; a lookup tries that CID, then its other version (a CIDv0 and its
 * v1 name the same dag-pb content), so {@code pin rm bafy...} finds a pin made as {@code Qm...}.
 */
final class RocksPinner implements Pinner {
    private final RocksStore store;

    RocksPinner(RocksStore store) {
        this.store = store;
    }

    @FunctionalInterface
    private interface PinChange {
        void apply(RefChanges refs, WriteBatch batch) throws IOException, RocksDBException;
    }

    /** Runs one pin change; returns whether it wrote (and so synced) anything. */
    private boolean change(String action, PinChange body) throws IOException {
        return change(action, RefChanges.LinkHints.NONE, body);
    }

    private boolean change(String action, RefChanges.LinkHints hints, PinChange body) throws IOException {
        store.requireWritable(action);
        return store.call(action, () -> {
            store.gcLock.readLock().lock();
            store.pinMutex.lock();
            try (WriteBatch batch = new WriteBatch()) {
                RefChanges refs = new RefChanges(store, hints);
                body.apply(refs, batch);
                refs.writeTo(batch);
                if (batch.count() == 0) {
                    return false;
                }
                store.write(batch, store.data.syncWrite);
                return true;
            } finally {
                store.pinMutex.unlock();
                store.gcLock.readLock().unlock();
            }
        });
    }

    @Override
    public void add(Cid root, PinMode mode, String name) throws IOException {
        addPin(root, mode, name);
    }

    /** {@link #add}, saying whether it wrote a synced batch (an add session syncs the WAL itself otherwise). */
    boolean addPin(Cid root, PinMode mode, String name) throws IOException {
        return addPin(root, mode, name, RefChanges.LinkHints.NONE);
    }

    /** {@link #addPin(Cid, PinMode, String)} with the links of blocks the caller just wrote. */
    boolean addPin(Cid root, PinMode mode, String name, RefChanges.LinkHints hints) throws IOException {
        if (mode == PinMode.NONE) {
            return false;
        }
        return change("pin " + root, hints, (refs, batch) -> {
            Pin existing = record(root);
            if (mode == PinMode.RECURSIVE) {
                if (existing != null && existing.type() == PinType.RECURSIVE) {
                    rename(batch, existing, name);
                    return;
                }
                refs.incDeep(root);
                String keptName = name;
                if (existing != null) {
                    refs.decDirect(existing.cid());
                    batch.delete(store.data.pins, existing.cid().toBytes());
                    keptName = name != null ? name : existing.name();
                }
                batch.put(store.data.pins, root.toBytes(), Keys.pinValue(PinType.RECURSIVE, keptName));
            } else {
                if (existing != null && existing.type() == PinType.RECURSIVE) {
                    throw new PinConflictException(root, root + " is already pinned recursively");
                }
                if (existing != null) {
                    rename(batch, existing, name);
                    return;
                }
                refs.incDirect(root);
                batch.put(store.data.pins, root.toBytes(), Keys.pinValue(PinType.DIRECT, name));
            }
        });
    }

    private void rename(WriteBatch batch, Pin existing, String name) throws RocksDBException {
        if (name != null && !name.equals(existing.name())) {
            batch.put(store.data.pins, existing.cid().toBytes(), Keys.pinValue(existing.type(), name));
        }
    }

    @Override
    public void remove(Cid root, boolean recursive) throws IOException {
        change("unpin " + root, (refs, batch) -> {
            Pin existing = record(root);
            if (existing == null) {
                if (refs.deep(root) > 0) {
                    throw new NotPinnedException(root, root + " is pinned indirectly, by a recursive pin above it");
                }
                throw new NotPinnedException(root, root + " is not pinned");
            }
            if (existing.type() == PinType.RECURSIVE) {
                if (!recursive) {
                    throw new PinConflictException(root, root + " is pinned recursively");
                }
                refs.decDeep(existing.cid());
            } else {
                refs.decDirect(existing.cid());
            }
            batch.delete(store.data.pins, existing.cid().toBytes());
        });
    }

    @Override
    public void update(Cid from, Cid to, boolean unpinFrom) throws IOException {
        change("update pin " + from + " to " + to, (refs, batch) -> {
            Pin fromPin = record(from);
            if (fromPin == null || fromPin.type() != PinType.RECURSIVE) {
                throw new NotPinnedException(from, "'from' " + from + " is not pinned recursively");
            }
            Pin toPin = record(to);
            if (toPin != null && toPin.cid().equals(fromPin.cid())) {
                return;
            }
            // Increment first: the decrement that follows then stops wherever the two DAGs share live blocks.
            if (toPin == null || toPin.type() != PinType.RECURSIVE) {
                refs.incDeep(to);
                if (toPin != null) {
                    refs.decDirect(toPin.cid());
                    batch.delete(store.data.pins, toPin.cid().toBytes());
                }
                batch.put(store.data.pins, to.toBytes(), Keys.pinValue(PinType.RECURSIVE, fromPin.name()));
            }
            if (unpinFrom) {
                refs.decDeep(fromPin.cid());
                batch.delete(store.data.pins, fromPin.cid().toBytes());
            }
        });
    }

    @Override
    public Optional<Pin> get(Cid cid) throws IOException {
        return store.call("looking up the pin of", cid, () -> {
            Pin own = record(cid);
            if (own != null) {
                return Optional.of(own);
            }
            store.counters.refReads.incrementAndGet();
            byte[] v = store.data.db.get(store.data.refs, Keys.ref(cid));
            if (v != null && Keys.parseRefValue(v)[0] > 0) {
                return Optional.of(new Pin(cid, PinType.INDIRECT, null));
            }
            return Optional.empty();
        });
    }

    /** The recursive or direct pin on {@code cid} or on its other CID version; null if neither has one. */
    Pin record(Cid cid) throws IOException, RocksDBException {
        byte[] v = store.data.db.get(store.data.pins, cid.toBytes());
        if (v != null) {
            return Keys.parsePin(cid.toBytes(), v);
        }
        Cid other = otherVersion(cid);
        if (other == null) {
            return null;
        }
        v = store.data.db.get(store.data.pins, other.toBytes());
        return v == null ? null : Keys.parsePin(other.toBytes(), v);
    }

    private static Cid otherVersion(Cid cid) {
        if (cid.version() == 0) {
            return cid.toV1();
        }
        if (!cid.isCodec(Multicodec.DAG_PB)) {
            return null;
        }
        try {
            return cid.toV0();
        } catch (FormatException e) {
            return null; // not a sha2-256 dag-pb CID: it has no v0 form
        }
    }

    /** Every recursive and direct pin record, in key order. */
    List<Pin> records() throws IOException {
        return store.call("listing pins", () -> {
            List<Pin> pins = new ArrayList<>();
            try (RocksIterator it = store.data.db.newIterator(store.data.pins)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    pins.add(Keys.parsePin(it.key(), it.value()));
                }
                it.status();
            }
            return pins;
        });
    }

    @Override
    public Iterator<Pin> list(PinType type) {
        try {
            return PinListing.of(store, records(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> verify() throws IOException {
        return store.call("verifying pins", () -> {
            // Hold off pin changes and GC for a consistent picture of pins, counts and blocks.
            store.gcLock.readLock().lock();
            store.pinMutex.lock();
            try {
                return new PinVerifier(store, records()).run();
            } finally {
                store.pinMutex.unlock();
                store.gcLock.readLock().unlock();
            }
        });
    }
}
