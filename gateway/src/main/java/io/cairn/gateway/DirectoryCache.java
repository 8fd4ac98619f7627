package io.cairn.gateway;

import io.cairn.core.dagpb.PbLink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.NoSuchPathException;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain UnixFS directories the gateway has already decoded, each as a map from entry name to CID, least recently
 * used evicted first. Without it every request for {@code /ipfs/DIR/name} fetched and decoded the whole directory
 * node (a thousand links is about 50 KB of dag-pb and most of a small file's serving cost) and then scanned its
 * links.
 *
 * <p>Content addressing makes this safe: a CID's block never changes, so a cached map is never stale. It is a map
 * of names only; the blocks themselves are still read through the request's source. A directory whose block is
 * later removed from the store still resolves here, and the entry's own block is then fetched as it would be for
 * any missing block. HAMT-sharded directories are not cached: the reader descends only the shards on a name's path,
 * which are small; they are remembered as "not plain" so they are decoded once per lookup, not twice.
 *
 * <p>Bounded by the number of entries held ({@code maxEntries}, about 100 to 200 bytes each); a directory with more
 * than half the bound is never cached. Thread-safe: one lock around the map, held only for map operations,
 * never while reading a block.
 */
final class DirectoryCache {
    /** The default bound: 100,000 entries, some 10 to 20 MiB of heap when full. */
    static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** Marks a directory that is not a plain one (a HAMT shard): the reader's own lookup handles it. */
    private static final Map<String, Cid> NOT_PLAIN = Collections.emptyMap();

    private final int maxEntries;
    private final LinkedHashMap<Cid, Map<String, Cid>> lru = new LinkedHashMap<>(64, 0.75f, true);
    private int entries;

    DirectoryCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /**
     * The CID of entry {@code name} of directory {@code dir}, as {@link UnixFsReader#lookup} answers it (for a plain
     * directory, the first link of that name), reading through {@code reader} when {@code dir} is not cached.
     */
    Cid lookup(UnixFsReader reader, Cid dir, String name) throws IOException {
        Map<String, Cid> names = get(dir);
        if (names == null) {
            UnixFsNode node = reader.load(dir);
            if (node.type() != UnixFsType.DIRECTORY) {
                if (node.type() == UnixFsType.HAMT_SHARD) {
                    put(dir, NOT_PLAIN, 1);
                }
                return reader.lookup(dir, name);
            }
            names = index(node.pb().links());
            put(dir, names, names.size());
        } else if (names == NOT_PLAIN) {
            return reader.lookup(dir, name);
        }
        Cid cid = names.get(name);
        if (cid == null) {
            throw new NoSuchPathException(dir, name);
        }
        return cid;
    }

    /** How many entries are held now (for tests). */
    synchronized int size() {
        return entries;
    }

    private static Map<String, Cid> index(List<PbLink> links) {
        Map<String, Cid> names = new HashMap<>(Math.max(4, links.size() * 4 / 3 + 1));
        for (PbLink l : links) {
            if (l.name() != null) {
                names.putIfAbsent(l.name(), l.hash());
            }
        }
        return names;
    }

    private synchronized Map<String, Cid> get(Cid dir) {
        return lru.get(dir);
    }

    private synchronized void put(Cid dir, Map<String, Cid> names, int weight) {
        int w = Math.max(1, weight);
        if (w > maxEntries / 2) {
            return;
        }
        Map<String, Cid> previous = lru.put(dir, names);
        if (previous != null) {
            entries -= weightOf(previous);
        }
        entries += w;
        var it = lru.entrySet().iterator();
        while (entries > maxEntries && it.hasNext()) {
            Map<String, Cid> eldest = it.next().getValue();
            it.remove();
            entries -= weightOf(eldest);
        }
    }

    private static int weightOf(Map<String, Cid> names) {
        return Math.max(1, names.size());
    }
}
