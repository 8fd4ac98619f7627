package io.cairn.testnet.adversary;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Multihash;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A block store that claims every block and returns random bytes for it: under a real Bitswap server it answers
 * HAVE to every want-have and a block with the right CID but the wrong bytes to every want-block.
 */
final class CorruptBlockStore implements BlockStore {
    static final int BLOCK_SIZE = 4096;
    private final SplittableRandom random;
    final AtomicLong served = new AtomicLong();

    CorruptBlockStore(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized Optional<byte[]> get(Multihash multihash) {
        byte[] junk = new byte[BLOCK_SIZE];
        random.nextBytes(junk);
        served.incrementAndGet();
        return Optional.of(junk);
    }

    @Override
    public boolean has(Multihash multihash) {
        return true;
    }

    @Override
    public long size(Multihash multihash) {
        return BLOCK_SIZE;
    }

    @Override
    public void put(Block block) {
        // keeps nothing: it has every block already, it says
    }

    @Override
    public void delete(Multihash multihash) {
        // nothing kept, nothing to delete
    }
}
