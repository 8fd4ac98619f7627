package io.cairn.core.reader;

import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.unixfs.UnixFsData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a well-formed UnixFS file DAG, worked out from the blocks alone (DAG-PB and UnixFS decoding, not
 * the reader under test): each block's real content length, the tree depth, and which blocks a range read may
 * fetch.
 */
final class FileShape {
    private final MemoryBlockStore store;
    private final Map<Cid, Long> sizes = new HashMap<>();

    FileShape(MemoryBlockStore store) {
        this.store = store;
    }

    /** What a read of a range may fetch: the blocks it needs and the lookahead it is allowed on top. */
    record Budget(Set<Cid> needed, Set<Cid> allowed, int maxDistinctFetches) {}

    /** The number of content bytes under {@code cid}, counted from the leaves (recorded sizes are not trusted). */
    long size(Cid cid) {
        Long known = sizes.get(cid);
        if (known != null) {
            return known;
        }
        long n = ownData(cid).length;
        for (PbLink l : links(cid)) {
            n += size(l.hash());
        }
        sizes.put(cid, n);
        return n;
    }

    /** Levels of links below {@code cid} on its longest path (0 for a single-block file). */
    int depth(Cid cid) {
        int d = 0;
        Set<Cid> seen = new HashSet<>();
        for (PbLink l : links(cid)) {
            if (seen.add(l.hash())) {
                d = Math.max(d, 1 + depth(l.hash()));
            }
        }
        return d;
    }

    /** Leaf occurrences (a leaf repeated at two positions counts twice). */
    long leafCount(Cid cid) {
        List<PbLink> links = links(cid);
        if (links.isEmpty()) {
            return 1;
        }
        long n = 0;
        for (PbLink l : links) {
            n += leafCount(l.hash());
        }
        return n;
    }

    /**
     * The blocks a read of {@code [offset, offset + length)} needs (the root and every block whose bytes overlap
     * the range, which brings their ancestors), and those it may also fetch as lookahead: in each needed node, the
     * children from its first needed child up to {@code lookahead - 1} past its last. The distinct fetches are
     * bounded by the needed blocks plus {@code lookahead - 1} per needed interior node: O(depth + blocks read).
     */
    Budget budget(Cid root, long offset, long length, int lookahead) {
        long size = size(root);
        long stop = offset >= size ? offset : offset + Math.min(length, size - offset);
        Set<Cid> needed = new HashSet<>();
        Set<Cid> allowed = new HashSet<>();
        needed.add(root);
        allowed.add(root);
        int[] interior = new int[1];
        if (stop > offset) {
            visit(root, 0, offset, stop, lookahead, needed, allowed, interior);
        }
        return new Budget(needed, allowed, needed.size() + (lookahead - 1) * interior[0]);
    }

    private void visit(Cid cid, long start, long offset, long stop, int lookahead, Set<Cid> needed,
            Set<Cid> allowed, int[] interior) {
        List<PbLink> links = links(cid);
        long childStart = start + ownData(cid).length;
        List<Integer> hit = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            long childEnd = childStart + size(links.get(i).hash());
            if (childStart < stop && childEnd > offset) {
                hit.add(i);
            }
            starts.add(childStart);
            childStart = childEnd;
        }
        if (hit.isEmpty()) {
            return;
        }
        interior[0]++;
        int first = hit.get(0);
        int last = Math.min(links.size() - 1, hit.get(hit.size() - 1) + lookahead - 1);
        for (int i = first; i <= last; i++) {
            allowed.add(links.get(i).hash());
        }
        for (int i : hit) {
            Cid child = links.get(i).hash();
            needed.add(child);
            visit(child, starts.get(i), offset, stop, lookahead, needed, allowed, interior);
        }
    }

    private List<PbLink> links(Cid cid) {
        return cid.isCodec(Multicodec.RAW) ? List.of() : node(cid).links();
    }

    private byte[] ownData(Cid cid) {
        if (cid.isCodec(Multicodec.RAW)) {
            return bytes(cid);
        }
        byte[] d = UnixFsData.fromBytes(node(cid).data()).data();
        return d == null ? new byte[0] : d;
    }

    private PbNode node(Cid cid) {
        return DagPb.decode(bytes(cid));
    }

    private byte[] bytes(Cid cid) {
        return store.get(cid.multihash()).orElseThrow(() -> new AssertionError("missing block " + cid));
    }
}
