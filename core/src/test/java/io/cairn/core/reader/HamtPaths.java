package io.cairn.core.reader;

import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For every entry of a HAMT-sharded directory, the shards from the root down to the one that links to it, found
 * by walking every shard (decoding DAG-PB and UnixFS only, not through the reader under test). A lookup that
 * hashes the name should fetch exactly these blocks, in this order.
 */
final class HamtPaths {
    private final Map<String, List<Cid>> paths = new HashMap<>();
    private final Map<String, Cid> targets = new HashMap<>();
    private int shards;
    private int levels;

    HamtPaths(MemoryBlockStore store, Cid root) {
        UnixFsData data = UnixFsData.fromBytes(node(store, root).data());
        if (data.type() != UnixFsType.HAMT_SHARD) {
            throw new AssertionError(root + " is not a HAMT shard");
        }
        int prefixLength = Long.toHexString(data.fanout() - 1).length();
        walk(store, root, new ArrayList<>(), prefixLength);
    }

    private void walk(MemoryBlockStore store, Cid shard, List<Cid> above, int prefixLength) {
        shards++;
        List<Cid> path = new ArrayList<>(above);
        path.add(shard);
        levels = Math.max(levels, path.size());
        for (PbLink l : node(store, shard).links()) {
            if (l.name().length() == prefixLength) {
                walk(store, l.hash(), path, prefixLength);
            } else {
                String name = l.name().substring(prefixLength);
                paths.put(name, List.copyOf(path));
                targets.put(name, l.hash());
            }
        }
    }

    private static PbNode node(MemoryBlockStore store, Cid cid) {
        return DagPb.decode(store.get(cid.multihash()).orElseThrow(() -> new AssertionError("missing " + cid)));
    }

    /** The shards a lookup of {@code name} passes through, root first. */
    List<Cid> path(String name) {
        return paths.get(name);
    }

    Map<String, Cid> entries() {
        return targets;
    }

    int shardCount() {
        return shards;
    }

    /** Shard levels on the longest path (1: the root alone). */
    int levels() {
        return levels;
    }
}
