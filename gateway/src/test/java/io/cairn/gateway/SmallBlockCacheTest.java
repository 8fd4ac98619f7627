package io.cairn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The event loop's cache of small blocks keeps what it was given, within its byte bound, least recently used out. */
class SmallBlockCacheTest {
    private static Block block(int seed, int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) seed);
        return new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data), data);
    }

    @Test
    void keepsBlocksWithinItsBoundEvictingTheLeastRecentlyUsed() {
        SmallBlockCache cache = new SmallBlockCache(10_000);
        Block a = block(1, 3000);
        Block b = block(2, 3000);
        Block c = block(3, 3000);
        cache.put(a);
        cache.put(b);
        cache.put(c);
        assertEquals(9000, cache.bytes());
        assertSame(a, cache.get(a.cid()));          // a is now the most recently used
        Block d = block(4, 3000);
        cache.put(d);                               // 12,000 > 10,000: b, the least recently used, goes
        assertEquals(9000, cache.bytes());
        assertNull(cache.get(b.cid()));
        assertSame(a, cache.get(a.cid()));
        assertSame(c, cache.get(c.cid()));
        assertSame(d, cache.get(d.cid()));
        cache.put(d);                               // again: counted once
        assertEquals(9000, cache.bytes());
    }

    @Test
    void largeBlocksAndAZeroBoundKeepNothing() {
        SmallBlockCache cache = new SmallBlockCache(1L << 30);
        Block big = block(5, SmallBlockCache.MAX_BLOCK + 1);
        cache.put(big);
        assertNull(cache.get(big.cid()));
        assertEquals(0, cache.bytes());
        SmallBlockCache none = new SmallBlockCache(0);
        Block small = block(6, 10);
        none.put(small);
        assertNull(none.get(small.cid()));
        assertTrue(none.bytes() == 0);
        assertThrows(IllegalArgumentException.class, () -> new SmallBlockCache(-1));
    }
}
