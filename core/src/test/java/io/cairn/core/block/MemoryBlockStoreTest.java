package io.cairn.core.block;

/** {@link MemoryBlockStore} against the {@link BlockStoreContract}. */
class MemoryBlockStoreTest extends BlockStoreContract {
    @Override
    protected BlockStore newStore() {
        return new MemoryBlockStore();
    }

    @Override
    protected long storedObjects(BlockStore s) {
        return ((MemoryBlockStore) s).count();
    }
}
