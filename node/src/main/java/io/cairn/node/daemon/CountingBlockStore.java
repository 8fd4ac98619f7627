package io.cairn.node.daemon;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store as Bitswap's server sees it, counting the blocks it reads: Bitswap reads whole blocks only to send them
 * to a peer (a want-have asks {@link #has}), so {@link #reads()} is the number of blocks served to peers. Keeps the
 * network module free of any metrics library.
 */
final class CountingBlockStore implements BlockStore {
    private final BlockStore store;
    private final AtomicLong reads = new AtomicLong();

    CountingBlockStore(BlockStore store) {
        this.store = store;
    }

    long reads() {
        return reads.get();
    }

    @Override
    public Optional<byte[]> get(Multihash multihash) throws IOException {
        Optional<byte[]> bytes = store.get(multihash);
        if (bytes.isPresent()) {
            reads.incrementAndGet();
        }
        return bytes;
    }

    @Override
    public boolean has(Multihash multihash) throws IOException {
        return store.has(multihash);
    }

    @Override
    public long size(Multihash multihash) throws IOException {
        return store.size(multihash);
    }

    @Override
    public void delete(Multihash multihash) throws IOException {
        store.delete(multihash);
    }

    @Override
    public void put(Block block) throws IOException {
        store.put(block);
    }
}
