package io.cairn.core.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlockStore} must do. An implementation's test extends this class and says how to make a fresh,
 * empty store; it may also say how many distinct blocks a store holds, which lets the contract check that a
 * CIDv0 and a CIDv1 of the same bytes are stored once.
 */
public abstract class BlockStoreContract {
    /** The store under test, fresh and empty for every test. */
    protected BlockStore store;

    /** A new, empty store. Called once before each test. */
    protected abstract BlockStore newStore() throws IOException;

    /** Releases what {@link #newStore()} opened. */
    protected void closeStore(BlockStore s) throws IOException {}

    /** How many distinct blocks {@code s} holds, or -1 if the implementation cannot tell. */
    protected long storedObjects(BlockStore s) throws IOException {
        return -1;
    }

    @BeforeEach
    final void openStore() throws IOException {
        store = newStore();
    }

    @AfterEach
    final void releaseStore() throws IOException {
        closeStore(store);
    }

    protected static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static Block rawBlock(byte[] data) {
        return new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data), data);
    }

    private void assertObjects(long expected) throws IOException {
        long n = storedObjects(store);
        if (n >= 0) {
            assertEquals(expected, n, "distinct blocks stored");
        }
    }

    @Test
    void absentKeysAreAbsent() throws IOException {
        Cid cid = rawBlock(bytes(1, 100)).cid();
        assertEquals(Optional.empty(), store.get(cid.multihash()));
        assertEquals(Optional.empty(), store.get(cid));
        assertFalse(store.has(cid.multihash()));
        assertEquals(-1, store.size(cid.multihash()));
        store.delete(cid.multihash());
        assertFalse(store.has(cid.multihash()));
        assertObjects(0);
    }

    @Test
    void putThenRead() throws IOException {
        // Sizes either side of the usual small/large value thresholds, and the empty block.
        int[] sizes = {0, 1, 100, 4095, 4096, 4097, 65_536, 262_144, 1 << 20};
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            Block b = rawBlock(bytes(i, sizes[i]));
            store.put(b);
            blocks.add(b);
        }
        for (Block b : blocks) {
            Multihash mh = b.cid().multihash();
            assertTrue(store.has(mh), "has " + b);
            assertEquals(b.size(), store.size(mh), "size of " + b);
            assertArrayEquals(b.data(), store.get(mh).orElseThrow(), "bytes of " + b);
        }
        assertObjects(sizes.length);
    }

    @Test
    void getByCidNamesTheBlockWithThatCid() throws IOException {
        byte[] data = bytes(2, 300);
        Block v0 = new Block(Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, data), data);
        store.put(v0);
        Cid v1 = v0.cid().toV1();
        Block got = store.get(v1).orElseThrow();
        assertEquals(v1, got.cid());
        assertArrayEquals(data, got.data());
    }

    @Test
    void cidVersionsAndCodecsOfTheSameBytesShareOneCopy() throws IOException {
        byte[] data = bytes(3, 5000);
        Cid v0 = Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, data);
        Cid v1 = v0.toV1();
        Cid raw = Cid.v1(Multicodec.RAW, v0.multihash());
        store.put(new Block(v0, data));
        store.put(new Block(v1, data));
        store.put(new Block(raw, data));
        assertObjects(1);
        for (Cid c : List.of(v0, v1, raw)) {
            assertTrue(store.has(c.multihash()));
            assertArrayEquals(data, store.get(c).orElseThrow().data());
        }
        store.delete(v1.multihash());
        for (Cid c : List.of(v0, v1, raw)) {
            assertFalse(store.has(c.multihash()), "deleting one name deletes the shared copy: " + c);
        }
        assertObjects(0);
    }

    @Test
    void differentHashFunctionsAreDifferentBlocks() throws IOException {
        byte[] data = bytes(4, 700);
        Block sha256 = rawBlock(data);
        Block sha512 = new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_512, data), data);
        store.put(sha256);
        store.put(sha512);
        assertObjects(2);
        store.delete(sha256.cid().multihash());
        assertFalse(store.has(sha256.cid().multihash()));
        assertTrue(store.has(sha512.cid().multihash()));
    }

    @Test
    void putIsIdempotent() throws IOException {
        Block b = rawBlock(bytes(5, 10_000));
        store.put(b);
        store.put(b);
        store.put(new Block(b.cid(), b.data().clone()));
        assertObjects(1);
        assertEquals(b.size(), store.size(b.cid().multihash()));
        assertArrayEquals(b.data(), store.get(b.cid().multihash()).orElseThrow());
    }

    @Test
    void deleteThenPutAgain() throws IOException {
        Block a = rawBlock(bytes(6, 2000));
        Block b = rawBlock(bytes(7, 9000));
        store.put(a);
        store.put(b);
        store.delete(a.cid().multihash());
        assertFalse(store.has(a.cid().multihash()));
        assertEquals(Optional.empty(), store.get(a.cid().multihash()));
        assertEquals(-1, store.size(a.cid().multihash()));
        assertTrue(store.has(b.cid().multihash()), "deleting one block leaves the others");
        assertObjects(1);
        store.delete(a.cid().multihash());
        assertObjects(1);
        store.put(a);
        assertArrayEquals(a.data(), store.get(a.cid().multihash()).orElseThrow());
        assertObjects(2);
    }

    @Test
    void concurrentWritersAndReadersAgree() throws Exception {
        int distinct = 64;
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            blocks.add(rawBlock(bytes(100 + i, 1000 + 97 * i)));
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 13;
                done.add(pool.submit(() -> {
                    // Every thread writes every block (in its own order) and reads back what it wrote: the same key
                    // is written concurrently, and a reader must only ever see complete, correct bytes.
                    for (int i = 0; i < distinct; i++) {
                        Block b = blocks.get((i + offset) % distinct);
                        store.put(b);
                        Optional<byte[]> got = store.get(b.cid().multihash());
                        assertTrue(got.isPresent(), "written block is readable: " + b);
                        assertArrayEquals(b.data(), got.get());
                        Block other = blocks.get((i * 7 + offset) % distinct);
                        Optional<byte[]> maybe = store.get(other.cid().multihash());
                        maybe.ifPresent(bytes -> assertArrayEquals(other.data(), bytes));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Block b : blocks) {
            assertArrayEquals(b.data(), store.get(b.cid().multihash()).orElseThrow());
        }
        assertObjects(distinct);
    }
}
