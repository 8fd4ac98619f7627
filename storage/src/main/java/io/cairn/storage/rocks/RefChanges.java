package io.cairn.storage.rocks;

import io.cairn.core.ipld.IpldFormatException;
import io.cairn.core.ipld.Links;
import io.cairn.core.ipld.UnsupportedCodecException;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference-count changes of one pin operation, kept in memory until {@link #writeTo} adds them to the
 * operation's batch. The caller holds the store's GC lock (read side) and pin mutex.
 *
 * <p>Each CID's {@code refs} entry (multihash + codec, so a CIDv0 and its v1 share it) holds two counts:
 * <ul>
 *   <li><b>deep</b>: recursive pins on it plus links to it from deep-live parents. Its 0 -> 1 transition makes
 *       every link target's deep count go up by one (once per link); its 1 -> 0 transition brings them down.</li>
 *   <li><b>direct</b>: direct pins on it. Keeps the block only; never propagates.</li>
 * </ul>
 * A CID is live while either count is positive. DAGs are acyclic, so the propagation terminates and is exact;
 * work stops at blocks that were already deep-live, so the cost follows what changes.
 *
 * <p>Links are those {@link Links} reads: dag-pb, dag-cbor and dag-json (store format 2; format 1 followed dag-pb
 * only, see {@link FormatUpgrade}). A recursive pin refuses to go through a block whose links cannot be read (not
 * valid for its codec, or a codec Cairn does not know, as Kubo refuses it), so no deep-live block has uncounted
 * links; {@link #decDeep} treats such a block as a leaf, which matches how it was counted. In <em>repair</em> mode
 * (the format upgrade, which must not fail on old data) a missing, corrupt, malformed or unknown block is counted
 * as a leaf and logged instead.
 */
final class RefChanges {
    private static final Logger LOG = LoggerFactory.getLogger(RefChanges.class);

    private final RocksStore store;
    private final Map<RefKey, Counts> touched = new LinkedHashMap<>();

    /**
     * Links of blocks the caller has just written and already read (an add session's own blocks), so that pinning
     * them does not read them back from disk; {@code null} for any block it does not know.
     */
    interface LinkHints {
        LinkHints NONE = key -> null;

        List<Cid> linksOf(RefKey key);
    }

    private final LinkHints hints;
    private final boolean repair;
    /** Markers of uncounted links to write (repair mode) and to delete (their block's deep count reached 0). */
    private final Map<RefKey, Boolean> uncountedChanges = new LinkedHashMap<>();

    RefChanges(RocksStore store) {
        this(store, LinkHints.NONE);
    }

    RefChanges(RocksStore store, LinkHints hints) {
        this(store, hints, false);
    }

    /** {@code repair}: count what cannot be read as a leaf and log it, rather than fail (format upgrade). */
    RefChanges(RocksStore store, LinkHints hints, boolean repair) {
        this.store = store;
        this.hints = hints;
        this.repair = repair;
    }

    record RefKey(Multihash mh, long codec) {
        static RefKey of(Cid cid) {
            return new RefKey(cid.multihash(), cid.codec());
        }

        Cid cid() {
            return Cid.v1(codec, mh);
        }
    }

    static final class Counts {
        final long deep0;
        final long direct0;
        long deep;
        long direct;

        Counts(long deep, long direct) {
            this.deep0 = deep;
            this.direct0 = direct;
            this.deep = deep;
            this.direct = direct;
        }

        boolean wasLive() {
            return deep0 > 0 || direct0 > 0;
        }

        boolean isLive() {
            return deep > 0 || direct > 0;
        }

        boolean changed() {
            return deep != deep0 || direct != direct0;
        }
    }

    private Counts counts(Cid cid) throws IOException, RocksDBException {
        RefKey key = RefKey.of(cid);
        Counts c = touched.get(key);
        if (c == null) {
            store.counters.refReads.incrementAndGet();
            byte[] v = store.data.db.get(store.data.refs, Keys.ref(cid));
            long[] parsed = v == null ? new long[2] : Keys.parseRefValue(v);
            c = new Counts(parsed[0], parsed[1]);
            touched.put(key, c);
        }
        return c;
    }

    long deep(Cid cid) throws IOException, RocksDBException {
        return counts(cid).deep;
    }

    /** Adds a recursive pin's worth of references to {@code root}'s DAG; every newly live block must be stored. */
    void incDeep(Cid root) throws IOException, RocksDBException {
        Deque<Cid> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            Counts c = counts(cid);
            c.deep++;
            if (c.deep != 1) {
                continue;
            }
            if (Links.mayHaveLinks(cid.codec())) {
                List<Cid> links = linksForInc(cid);
                if (links != null) {
                    for (int i = links.size() - 1; i >= 0; i--) {
                        todo.push(links.get(i));
                    }
                }
                continue;
            }
            if (!Links.isSupported(cid.codec())) {
                if (!repair) {
                    UnsupportedCodecException e = new UnsupportedCodecException(cid.codec());
                    throw new IOException("cannot pin " + root + " recursively through block " + cid + ": "
                            + e.getMessage(), e);
                }
                LOG.warn("block {} has codec {}, whose links Cairn cannot read: counted as a leaf", cid,
                        Multicodec.nameOf(cid.codec()));
            }
            if (!c.wasLive() && !store.present(cid.multihash())) {
                if (!repair) {
                    throw new MissingBlockException(cid);
                }
                LOG.warn("block {} under a recursive pin is missing: counted, but what lies below it is not", cid);
            }
        }
    }

    /**
     * The links of a block of a linking codec that has just come alive; {@code null} when repairing and it cannot
     * be read (it is then a leaf).
     */
    private List<Cid> linksForInc(Cid cid) throws IOException, RocksDBException {
        List<Cid> known = hints.linksOf(RefKey.of(cid));
        if (known != null) {
            return known;
        }
        byte[] bytes;
        try {
            bytes = store.readBlock(cid.multihash(), cid, false).orElse(null);
        } catch (CorruptBlockException e) {
            if (!repair) {
                throw e;
            }
            LOG.warn("block {} under a recursive pin is corrupt: counted, its links are not", cid);
            uncountedChanges.put(RefKey.of(cid), true);
            return null;
        }
        if (bytes == null) {
            if (!repair) {
                throw new MissingBlockException(cid);
            }
            // Marked, so that if the block arrives later, its unpin does not take back links it never gave.
            LOG.warn("block {} under a recursive pin is missing: counted, but what lies below it is not", cid);
            uncountedChanges.put(RefKey.of(cid), true);
            return null;
        }
        try {
            return Links.of(cid, bytes);
        } catch (IpldFormatException e) {
            if (!repair) {
                throw new IOException("cannot pin through block " + cid + ": its links cannot be read ("
                        + e.getMessage() + ")", e);
            }
            LOG.warn("block {} under a recursive pin cannot be read ({}): counted as a leaf", cid, e.getMessage());
            return null;
        }
    }

    /** Removes a recursive pin's worth of references from {@code root}'s DAG. */
    void decDeep(Cid root) throws IOException, RocksDBException {
        Deque<Cid> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            Counts c = counts(cid);
            if (c.deep == 0) {
                LOG.error("reference count of {} would drop below zero; the store's counts are off (run pin verify)",
                        cid);
                continue;
            }
            c.deep--;
            if (c.deep != 0 || !Links.mayHaveLinks(cid.codec())) {
                continue;
            }
            if (store.uncountedLinks && store.data.db.get(store.data.meta, Keys.uncounted(cid)) != null) {
                uncountedChanges.put(RefKey.of(cid), false);
                continue; // its links were never counted
            }
            Optional<byte[]> bytes = store.readBlock(cid.multihash(), cid, false);
            if (bytes.isEmpty()) {
                LOG.error("live block {} is missing; the blocks it links to stay referenced (run pin verify)", cid);
                continue;
            }
            List<Cid> links;
            try {
                links = Links.of(cid, bytes.get());
            } catch (IpldFormatException e) {
                // It was counted as a leaf (a pin refuses it; the format upgrade counts it so).
                LOG.warn("live block {} has unreadable links ({}); it is a leaf", cid, e.getMessage());
                continue;
            }
            for (int i = links.size() - 1; i >= 0; i--) {
                todo.push(links.get(i));
            }
        }
    }

    void incDirect(Cid cid) throws IOException, RocksDBException {
        Counts c = counts(cid);
        if (!c.isLive() && !store.present(cid.multihash())) {
            throw new MissingBlockException(cid);
        }
        c.direct++;
    }

    void decDirect(Cid cid) throws IOException, RocksDBException {
        Counts c = counts(cid);
        if (c.direct == 0) {
            LOG.error("direct pin count of {} would drop below zero (run pin verify)", cid);
            return;
        }
        c.direct--;
    }

    /** Marks a deep-live block's links as not counted (repair mode: it is missing or corrupt). */
    void markUncounted(Cid cid) {
        uncountedChanges.put(RefKey.of(cid), true);
    }

    /** Whether {@link #writeTo} marks any block's links as not counted. */
    boolean marksUncounted() {
        return uncountedChanges.containsValue(true);
    }

    boolean hasChanges() {
        for (Counts c : touched.values()) {
            if (c.changed()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the changed {@code refs} entries to {@code batch}, and the GC candidacy changes: a multihash one of
     * whose CIDs came alive leaves the candidate set; one whose touched CIDs all died enters it (GC checks its
     * other CIDs, if any, before deleting anything).
     */
    void writeTo(WriteBatch batch) throws RocksDBException {
        Map<Multihash, Boolean> liveness = new HashMap<>();
        for (Map.Entry<RefKey, Counts> e : touched.entrySet()) {
            Counts c = e.getValue();
            if (!c.changed()) {
                continue;
            }
            RefKey key = e.getKey();
            byte[] k = Keys.ref(key.cid());
            if (c.isLive()) {
                batch.put(store.data.refs, k, Keys.refValue(c.deep, c.direct));
            } else {
                batch.delete(store.data.refs, k);
            }
            store.counters.refWrites.incrementAndGet();
            if (c.isLive() != c.wasLive()) {
                liveness.merge(key.mh(), c.isLive(), Boolean::logicalOr);
            }
        }
        for (Map.Entry<RefKey, Boolean> e : uncountedChanges.entrySet()) {
            byte[] k = Keys.uncounted(e.getKey().cid());
            if (e.getValue()) {
                batch.put(store.data.meta, k, Keys.EMPTY);
            } else {
                batch.delete(store.data.meta, k);
            }
        }
        for (Map.Entry<Multihash, Boolean> e : liveness.entrySet()) {
            if (Keys.isIdentity(e.getKey())) {
                continue;
            }
            byte[] mh = e.getKey().toBytes();
            if (e.getValue()) {
                batch.delete(store.data.gc, mh);
            } else {
                batch.put(store.data.gc, mh, Keys.EMPTY);
            }
        }
    }
}
