package io.cairn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.BlockSource;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.NoSuchPathException;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.core.unixfs.DirectoryBuilder;
import io.cairn.core.unixfs.DirectoryEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The gateway's cache of decoded directories answers every lookup as the reader's own lookup does, reads a cached
 * directory's block no more, and stays within its bound.
 */
class DirectoryCacheTest {
    private final MemoryBlockStore store = new MemoryBlockStore();
    private final AtomicInteger fetches = new AtomicInteger();
    private final UnixFsReader reader = new UnixFsReader(cid -> {
        fetches.incrementAndGet();
        return BlockSource.of(store).get(cid);
    });

    private FileLink file(String text) throws IOException {
        return new UnixFsImporter(ImportOptions.defaults(), store, (p, l) -> { })
                .addStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A plain directory of {@code n} entries named {@code prefix + i}, each a distinct small file. */
    private Cid directory(String prefix, int n) throws IOException {
        List<DirectoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FileLink f = file(prefix + i);
            entries.add(new DirectoryEntry(prefix + i, f.cid(), f.tsize()));
        }
        return DirectoryBuilder.create().build(prefix, entries, store).cid();
    }

    @Test
    void plainDirectoryIsDecodedOnceAndAnswersAsTheReaderDoes() throws IOException {
        Cid dir = directory("f", 300);
        DirectoryCache cache = new DirectoryCache(10_000);
        for (int i = 0; i < 300; i++) {
            assertEquals(reader.lookup(dir, "f" + i), cache.lookup(reader, dir, "f" + i));
        }
        // 300 reader lookups read the directory 300 times; the cache read it once more, on its first lookup.
        assertEquals(301, fetches.get());
        assertEquals(300, cache.size());
        assertThrows(NoSuchPathException.class, () -> cache.lookup(reader, dir, "absent"));
        assertThrows(NoSuchPathException.class, () -> cache.lookup(reader, dir, "F1"));
        assertEquals(301, fetches.get());
    }

    @Test
    void shardedDirectoryFallsBackToTheReader() throws IOException {
        FileLink small = file("entry");
        List<DirectoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            entries.add(new DirectoryEntry("file-" + i + ".txt", small.cid(), small.tsize()));
        }
        Cid hamt = DirectoryBuilder.create().build("big", entries, store).cid();
        DirectoryCache cache = new DirectoryCache(10_000);
        for (int i = 0; i < 10_000; i += 999) {
            assertEquals(small.cid(), cache.lookup(reader, hamt, "file-" + i + ".txt"));
        }
        assertThrows(NoSuchPathException.class, () -> cache.lookup(reader, hamt, "file-10000.txt"));
        assertEquals(1, cache.size(), "only the 'not plain' mark is held");
    }

    @Test
    void evictsLeastRecentlyUsedDirectoriesToStayWithinItsBound() throws IOException {
        Cid a = directory("a", 40);
        Cid b = directory("b", 40);
        Cid c = directory("c", 40);
        Cid huge = directory("h", 60);
        DirectoryCache cache = new DirectoryCache(100);
        cache.lookup(reader, a, "a1");
        cache.lookup(reader, b, "b1");
        assertEquals(80, cache.size());
        cache.lookup(reader, a, "a2");            // a is now the most recently used
        cache.lookup(reader, c, "c1");            // 120 > 100: b goes
        assertEquals(80, cache.size());
        int before = fetches.get();
        cache.lookup(reader, a, "a3");
        cache.lookup(reader, c, "c3");
        assertEquals(before, fetches.get(), "a and c are still held");
        cache.lookup(reader, b, "b3");
        assertEquals(before + 1, fetches.get(), "b was evicted and is read again");
        assertTrue(cache.size() <= 100, "size " + cache.size());
        // A directory of more than half the bound is served but never held.
        assertEquals(reader.lookup(huge, "h59"), cache.lookup(reader, huge, "h59"));
        assertTrue(cache.size() <= 100, "size " + cache.size());
        before = fetches.get();
        cache.lookup(reader, huge, "h0");
        assertEquals(before + 1, fetches.get());
    }
}
