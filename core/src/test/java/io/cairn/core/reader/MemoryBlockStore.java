package io.cairn.core.reader;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link BlockStore} in a map, keyed by multihash as the real stores are, for tests. Every put is checked
 * against its CID, so a test that builds a hostile DAG by hand still has honest hashes, as a verifying source
 * would deliver them. Thread-safe (FileStream asks for blocks ahead of reading).
 */
final class MemoryBlockStore implements BlockStore {
    private final Map<Multihash, byte[]> blocks = new LinkedHashMap<>();
    private final List<Cid> putOrder = new ArrayList<>();

    @Override
    public synchronized void put(Block block) {
        if (!block.cid().multihash().matches(block.data())) {
            throw new AssertionError("block does not hash to its CID " + block.cid());
        }
        if (blocks.putIfAbsent(block.cid().multihash(), block.data()) == null) {
            putOrder.add(block.cid());
        }
    }

    /** Puts {@code block} and returns its CID, for building DAGs by hand. */
    Cid add(Block block) {
        put(block);
        return block.cid();
    }

    @Override
    public synchronized Optional<byte[]> get(Multihash multihash) {
        return Optional.ofNullable(blocks.get(multihash));
    }

    @Override
    public synchronized boolean has(Multihash multihash) {
        return blocks.containsKey(multihash);
    }

    @Override
    public synchronized long size(Multihash multihash) {
        byte[] b = blocks.get(multihash);
        return b == null ? -1 : b.length;
    }

    @Override
    public synchronized void delete(Multihash multihash) {
        blocks.remove(multihash);
    }

    synchronized int blockCount() {
        return blocks.size();
    }

    /** The CIDs in the order their blocks were first put. */
    synchronized List<Cid> putOrder() {
        return List.copyOf(putOrder);
    }

    /** A source reading this store on the calling thread, counting what is asked of it. */
    CountingSource source() {
        return new CountingSource(BlockSource.of(this));
    }
}
