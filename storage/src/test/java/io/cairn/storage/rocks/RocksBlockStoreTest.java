package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockStore;
import io.cairn.core.block.BlockStoreContract;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RocksStore#blocks()} against the {@link BlockStoreContract}, plus what is particular to it. */
class RocksBlockStoreTest extends BlockStoreContract {
    @TempDir
    Path dir;

    private RocksStore rocks;

    @Override
    protected BlockStore newStore() throws IOException {
        rocks = RocksStore.open(dir.resolve("blocks"), StoreOptions.defaults());
        return rocks.blocks();
    }

    @Override
    protected void closeStore(BlockStore s) throws IOException {
        rocks.close();
    }

    @Override
    protected long storedObjects(BlockStore s) {
        return rocks.stat().objects();
    }

    @Test
    void countersFollowNewBlocksOnly() throws IOException {
        Block a = rawBlock(bytes(1, 5000));
        Block b = rawBlock(bytes(2, 300));
        store.put(a);
        store.put(a);
        store.put(b);
        assertEquals(new StoreStat(2, 5300, StoreOptions.DEFAULT_STORAGE_MAX), rocks.stat());
        store.delete(a.cid().multihash());
        store.delete(a.cid().multihash());
        assertEquals(new StoreStat(1, 300, StoreOptions.DEFAULT_STORAGE_MAX), rocks.stat());
    }

    @Test
    void identityBlocksAreAnsweredFromTheirCid() throws IOException {
        byte[] data = "hello".getBytes();
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.IDENTITY.code(), data));
        assertTrue(store.has(cid.multihash()));
        assertEquals(5, store.size(cid.multihash()));
        assertArrayEquals(data, store.get(cid).orElseThrow().data());
        store.put(new Block(cid, data));
        assertEquals(0, rocks.stat().objects(), "identity blocks take no space");
    }

    @Test
    void hasAndSizeDoNotReadBlockBytes() throws IOException {
        Block big = rawBlock(bytes(3, 1 << 20));
        store.put(big);
        rocks.counters().reset();
        assertTrue(store.has(big.cid().multihash()));
        assertEquals(1 << 20, store.size(big.cid().multihash()));
        assertEquals(0, rocks.counters().blockReads.get());
    }

    @Test
    void sha512BlocksRoundTrip() throws IOException {
        byte[] data = bytes(4, 70_000);
        Block b = new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_512, data), data);
        store.put(b);
        assertArrayEquals(data, store.get(b.cid()).orElseThrow().data());
    }
}
