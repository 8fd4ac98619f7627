package io.cairn.storage.rocks;

import io.cairn.core.ipld.IpldFormatException;
import io.cairn.core.ipld.Links;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a format-1 store to format 2 when it is opened for writing. Format 1 counted dag-pb links only: a dag-cbor
 * or dag-json block that was deep-live did not make its link targets live, so a recursive pin of such a DAG kept its
 * root alone. Format 2 counts their links too ({@link RefChanges}).
 *
 * <p>Why this is exact: {@code deep(c)} is the recursive pins on {@code c} plus the links to it from deep-live
 * parents. The only parents whose links format 1 left out are the deep-live dag-cbor and dag-json blocks, so the
 * upgrade adds, for each of them (listed from {@code refs} before anything changes), one {@link RefChanges#incDeep}
 * per link. A target that comes alive is expanded by that walk (under the new rule); a target that was already
 * deep-live is only incremented, and if it is itself a dag-cbor or dag-json block, its own links are added by its own
 * entry in the list. Nothing is counted twice. The walk runs in repair mode (a block that is missing or unreadable
 * is counted as a leaf and logged: old data must not make the store unopenable), and all of it, the new counts, the
 * GC candidates they rescue and the new format number, is one synced batch: a crash leaves format 1, and the next
 * open upgrades again. A block of a linking codec that was missing (or corrupt) is marked in {@code meta}
 * ({@link Keys#uncounted}) for as long as it stays deep-live, so that if it arrives later, the unpin that kills it
 * does not take back links it never counted (which could free blocks another pin holds).
 *
 * <p>Cost: one scan of {@code refs}, one read of each deep-live dag-cbor or dag-json block, and a walk of what comes
 * alive; memory follows the number of those blocks and of the counts that change.
 */
final class FormatUpgrade {
    private static final Logger LOG = LoggerFactory.getLogger(FormatUpgrade.class);

    /** The format that counted dag-pb links only. */
    static final String DAG_PB_ONLY = "1";
    /** The format that counted every codec's links and kept every block in RocksDB. */
    static final String UNPACKED = "2";

    private FormatUpgrade() {}

    /** Recounts and writes format {@link Keys#FORMAT_VERSION}; the store is not yet shared with any caller. */
    static void fromDagPbOnly(RocksStore store) throws IOException, RocksDBException {
        List<Cid> parents = new ArrayList<>();
        try (RocksIterator it = store.data.db.newIterator(store.data.refs, store.data.scanRead)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                RefChanges.RefKey key = PinVerifier.parseRefKey(it.key());
                if (key == null) {
                    LOG.warn("skipping an unreadable reference count key during the format upgrade");
                    continue;
                }
                boolean linking = key.codec() == Multicodec.DAG_CBOR.code()
                        || key.codec() == Multicodec.DAG_JSON.code();
                if (linking && Keys.parseRefValue(it.value())[0] > 0) {
                    parents.add(key.cid());
                }
            }
            it.status();
        }
        RefChanges refs = new RefChanges(store, RefChanges.LinkHints.NONE, true);
        int links = 0;
        for (Cid parent : parents) {
            Optional<byte[]> bytes;
            try {
                bytes = store.readBlock(parent.multihash(), parent, false);
            } catch (CorruptBlockException e) {
                LOG.warn("live block {} is corrupt; the blocks it links to are not counted", parent);
                refs.markUncounted(parent);
                continue;
            }
            if (bytes.isEmpty()) {
                LOG.warn("live block {} is missing; the blocks it links to are not counted", parent);
                refs.markUncounted(parent);
                continue;
            }
            List<Cid> targets;
            try {
                targets = Links.of(parent, bytes.get());
            } catch (IpldFormatException e) {
                LOG.warn("live block {} has unreadable links ({}); it stays a leaf", parent, e.getMessage());
                continue;
            }
            for (Cid target : targets) {
                refs.incDeep(target);
                links++;
            }
        }
        try (WriteBatch batch = new WriteBatch()) {
            refs.writeTo(batch);
            batch.put(store.data.meta, Keys.META_FORMAT, Keys.FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
            store.write(batch, store.data.syncWrite);
        }
        if (refs.marksUncounted()) {
            store.uncountedLinks = true;
        }
        LOG.info("store {} upgraded from format {} to {}: counted {} links of {} live dag-cbor and dag-json blocks",
                store.dir(), DAG_PB_ONLY, Keys.FORMAT_VERSION, links, parents.size());
    }
}
