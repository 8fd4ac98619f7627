package io.cairn.gateway;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import java.util.LinkedHashMap;

/**
 * Small blocks the event loop read from the local store lately, least recently used evicted first, bounded by their
 * total bytes. Under wrk over a directory of 4 KiB files the store's read was the largest single cost of a request
 * (RocksDB keeps blocks of 4 KiB and more in blob files and RocksJava 9.7 has no blob cache, so every read was a
 * {@code pread} and a JNI copy); a site's hot small files are read again and again.
 *
 * <p>Content addressing makes this safe: a CID's bytes never change. As with {@link DirectoryCache}, a block removed
 * from the store later may still be answered from here until it is evicted; only the event-loop path (see
 * {@link GatewayResponder#respondInline}) reads through it, never an only-if-cached request. Thread-safe: one lock,
 * held for map operations only.
 */
final class SmallBlockCache {
    /** The default bound: 8 MiB of block bytes. */
    static final long DEFAULT_MAX_BYTES = 8L << 20;
    /** Larger blocks are not kept: they are read rarely per byte served and would evict many small ones. */
    static final int MAX_BLOCK = 64 * 1024;

    private final long maxBytes;
    private final LinkedHashMap<Cid, Block> lru = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    SmallBlockCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    synchronized Block get(Cid cid) {
        return lru.get(cid);
    }

    synchronized void put(Block block) {
        int size = block.data().length;
        if (size > MAX_BLOCK || size > maxBytes) {
            return;
        }
        Block previous = lru.put(block.cid(), block);
        if (previous != null) {
            bytes -= previous.data().length;
        }
        bytes += size;
        var it = lru.values().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= it.next().data().length;
            it.remove();
        }
    }

    /** The bytes held now (for tests). */
    synchronized long bytes() {
        return bytes;
    }
}
