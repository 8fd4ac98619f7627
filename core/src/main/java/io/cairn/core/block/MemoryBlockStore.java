package io.cairn.core.block;

import io.cairn.core.multiformats.Multihash;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link BlockStore} held in a {@link ConcurrentHashMap}, for tests and for reading DAGs that were just built in
 * memory. Keyed by multihash like every store, so a CIDv0 and a CIDv1 of the same bytes share one entry.
 *
 * <p>Arrays are stored and returned without copying, as {@link Block} passes them: nobody may modify a block's
 * bytes once it exists.
 */
public final class MemoryBlockStore implements BlockStore {
    private final ConcurrentHashMap<Multihash, byte[]> blocks = new ConcurrentHashMap<>();

    @Override
    public void put(Block block) {
        blocks.putIfAbsent(block.cid().multihash(), block.data());
    }

    @Override
    public Optional<byte[]> get(Multihash multihash) {
        return Optional.ofNullable(blocks.get(multihash));
    }

    @Override
    public boolean has(Multihash multihash) {
        return blocks.containsKey(multihash);
    }

    @Override
    public long size(Multihash multihash) {
        byte[] data = blocks.get(multihash);
        return data == null ? -1 : data.length;
    }

    @Override
    public void delete(Multihash multihash) {
        blocks.remove(multihash);
    }

    /** How many distinct blocks (multihashes) are held. */
    public int count() {
        return blocks.size();
    }
}
