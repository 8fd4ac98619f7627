package io.cairn.storage.rocks;

import io.cairn.core.FormatException;
import io.cairn.core.ipld.IpldFormatException;
import io.cairn.core.ipld.Links;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.Varint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Recomputes from the pins alone what {@code refs} should hold, reading every pinned block (checking each is
 * present, hashes to its CID, and, for dag-pb, dag-cbor and dag-json, has readable links), then compares with the
 * stored counts. The caller holds the GC lock's read side and the pin mutex.
 */
final class PinVerifier {
    private final RocksStore store;
    private final List<Pin> pins;
    private final Map<RefChanges.RefKey, long[]> expected = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    PinVerifier(RocksStore store, List<Pin> pins) {
        this.store = store;
        this.pins = pins;
    }

    List<String> run() throws IOException, RocksDBException {
        if (store.dagPbOnlyCounts) {
            problems.add("the store has format " + FormatUpgrade.DAG_PB_ONLY + ": its reference counts follow dag-pb "
                    + "links only, so blocks below dag-cbor and dag-json blocks are not counted yet; any command that "
                    + "opens it for writing (such as repo gc) recounts them first");
        }
        for (Pin pin : pins) {
            if (pin.type() == PinType.RECURSIVE) {
                walk(pin.cid());
            } else {
                long[] c = expected.computeIfAbsent(RefChanges.RefKey.of(pin.cid()), k -> new long[2]);
                if (c[0] == 0 && c[1] == 0) {
                    check(pin.cid(), pin.cid());
                }
                c[1]++;
            }
        }
        compareCounts();
        return problems;
    }

    /** Mirrors {@link RefChanges#incDeep} on the in-memory counts, checking each block when it first comes alive. */
    private void walk(Cid root) throws IOException, RocksDBException {
        Deque<Cid> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            long[] c = expected.computeIfAbsent(RefChanges.RefKey.of(cid), k -> new long[2]);
            c[0]++;
            if (c[0] != 1) {
                continue; // counted; checked and expanded when first reached
            }
            Optional<byte[]> bytes = check(cid, root);
            if (store.uncountedLinks && Links.mayHaveLinks(cid.codec())
                    && store.data.db.get(store.data.meta, Keys.uncounted(cid)) != null) {
                if (bytes.isPresent()) {
                    problems.add("the links of block " + cid + " (pinned by " + root + ") are not counted: it was "
                            + "missing when the store was upgraded; unpin and pin " + root + " again to count them");
                }
                continue; // counted as a leaf, as the store counts it
            }
            if (bytes.isPresent() && Links.mayHaveLinks(cid.codec())) {
                List<Cid> links;
                try {
                    links = Links.of(cid, bytes.get());
                } catch (IpldFormatException e) {
                    problems.add("block " + cid + " (pinned by " + root + ") has unreadable links: " + e.getMessage());
                    continue;
                }
                for (int i = links.size() - 1; i >= 0; i--) {
                    todo.push(links.get(i));
                }
            }
        }
    }

    private Optional<byte[]> check(Cid cid, Cid root) throws IOException, RocksDBException {
        Multihash mh = cid.multihash();
        Optional<byte[]> bytes;
        try {
            bytes = store.readBlock(mh, cid, false);
        } catch (CorruptBlockException e) {
            problems.add("block " + cid + " (pinned by " + root + ") is corrupt: its bytes do not hash to its CID");
            return Optional.empty();
        }
        if (bytes.isEmpty()) {
            problems.add("block " + cid + " (pinned by " + root + ") is missing");
        } else if (!RocksStore.hashMatches(mh, bytes.get())) {
            problems.add("block " + cid + " (pinned by " + root + ") is corrupt: its bytes do not hash to its CID");
        } else if (!store.present(mh)) {
            problems.add("block " + cid + " (pinned by " + root + ") has no size record");
        }
        return bytes;
    }

    private void compareCounts() throws IOException, RocksDBException {
        try (RocksIterator it = store.data.db.newIterator(store.data.refs, store.data.scanRead)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                RefChanges.RefKey ref = parseRefKey(key);
                if (ref == null) {
                    problems.add("unreadable reference count key " + Arrays.toString(key));
                    continue;
                }
                long[] stored = Keys.parseRefValue(it.value());
                long[] want = expected.remove(ref);
                if (want == null) {
                    want = new long[2];
                }
                if (stored[0] != want[0] || stored[1] != want[1]) {
                    problems.add("reference counts of " + ref.cid() + " are " + stored[0] + " deep, " + stored[1]
                            + " direct; the pins give " + want[0] + " deep, " + want[1] + " direct");
                }
            }
            it.status();
        }
        for (Map.Entry<RefChanges.RefKey, long[]> e : expected.entrySet()) {
            long[] want = e.getValue();
            problems.add("reference counts of " + e.getKey().cid() + " are missing; the pins give " + want[0]
                    + " deep, " + want[1] + " direct");
        }
    }

    /** A {@code refs} key as multihash and codec; null when it is not one. */
    static RefChanges.RefKey parseRefKey(byte[] key) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(key);
            Multihash mh = Multihash.read(buf);
            long codec = Varint.read(buf);
            return buf.hasRemaining() ? null : new RefChanges.RefKey(mh, codec);
        } catch (FormatException e) {
            return null;
        }
    }
}
