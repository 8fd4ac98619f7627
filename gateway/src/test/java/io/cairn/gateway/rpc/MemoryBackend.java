package io.cairn.gateway.rpc;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.ipld.DagTraversal;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** An in-memory node for the handler tests: blocks in a map, recursive and direct pins, naive GC. */
final class MemoryBackend implements RpcBackend {
    final MemoryBlockStore store = new MemoryBlockStore();
    final Map<Cid, PinEntry> pins = new LinkedHashMap<>();
    final Map<String, String> config = new TreeMap<>(Map.of("Addresses.API", "[\"/ip4/127.0.0.1/tcp/0\"]"));
    /** The network, when a test gives one (before the server starts: commands are bound at start). */
    NetworkBackend network;

    @Override
    public Optional<NetworkBackend> network() {
        return Optional.ofNullable(network);
    }

    @Override
    public synchronized BlockSource blocks() {
        return BlockSource.of(store);
    }

    @Override
    public long blockSize(Cid cid) {
        return store.size(cid.multihash());
    }

    @Override
    public Writes beginWrite() {
        List<Block> pending = new ArrayList<>();
        return new Writes() {
            @Override
            public void put(Block block) {
                pending.add(block);
            }

            @Override
            public void commit(List<Cid> pinRoots, String pinName) throws IOException {
                pending.forEach(store::put);
                for (Cid root : pinRoots) {
                    pin(root, true, pinName);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void pin(Cid root, boolean recursive, String name) throws IOException {
        if (recursive) {
            DagTraversal.walk(blocks(), root, b -> { });
        } else {
            blocks().get(root).join();
        }
        pins.put(root, new PinEntry(root, recursive ? "recursive" : "direct", name));
    }

    @Override
    public void unpin(Cid root, boolean recursive) {
        if (pins.remove(root) == null) {
            throw new RpcException("not pinned or pinned indirectly");
        }
    }

    @Override
    public void updatePin(Cid from, Cid to, boolean unpinFrom) throws IOException {
        PinEntry old = pins.get(from);
        pin(to, true, old == null ? null : old.name());
        if (unpinFrom) {
            pins.remove(from);
        }
    }

    @Override
    public Iterator<PinEntry> pins(PinKind kind) {
        List<PinEntry> out = new ArrayList<>();
        for (PinEntry p : pins.values()) {
            if (kind == PinKind.ALL || kind.name().equalsIgnoreCase(p.type())) {
                out.add(p);
            }
        }
        return out.iterator();
    }

    @Override
    public Optional<PinEntry> pinOf(Cid cid) {
        return Optional.ofNullable(pins.get(cid));
    }

    @Override
    public Optional<String> removeBlock(Cid cid) {
        if (pins.containsKey(cid)) {
            return Optional.of("pinned: " + pins.get(cid).type());
        }
        if (!store.has(cid.multihash())) {
            return Optional.of("block not found locally: " + cid);
        }
        store.delete(cid.multihash());
        return Optional.empty();
    }

    @Override
    public void collectGarbage(Consumer<Multihash> removed) {
        throw new UnsupportedOperationException("GC is tested against the real store (RpcApiIT)");
    }

    @Override
    public List<Multihash> verifyBlocks() {
        return List.of();
    }

    @Override
    public RepoStat repoStat() {
        return new RepoStat(store.count(), 0, 1000, "/memory", "memory@1");
    }

    @Override
    public Identity identity() {
        return new Identity("12D3KooWTest", "CAESIA==", List.of(), "cairn/test/", List.of());
    }

    @Override
    public String agentVersion() {
        return "cairn/test/";
    }

    @Override
    public Optional<String> config(String key) {
        return Optional.ofNullable(config.get(key));
    }

    @Override
    public void setConfig(String key, String json) {
        config.put(key, json);
    }

    @Override
    public String configJson() {
        return "{}";
    }
}
