package io.cairn.core.reader;

import static io.cairn.core.reader.DirectoryFixture.content;
import static io.cairn.core.reader.DirectoryFixture.file;
import static io.cairn.core.reader.DirectoryFixture.files;
import static io.cairn.core.reader.DirectoryFixture.hamt;
import static io.cairn.core.reader.DirectoryFixture.plain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.unixfs.DirectoryEntry;
import io.cairn.core.unixfs.UnixFsFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Listing, lookup and path resolution through plain and HAMT-sharded directories built by DirectoryBuilder. */
class DirectoryReadTest {
    private final MemoryBlockStore store = new MemoryBlockStore();
    private final CountingSource source = store.source();
    private final UnixFsReader reader = new UnixFsReader(source);

    private static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Some names look like bucket prefixes, to catch a reader that confuses the two.
            out.add(switch (i % 5) {
                case 0 -> "file-" + i;
                case 1 -> Integer.toHexString(i).toUpperCase();
                case 2 -> "\u00e9t\u00e9 " + i;
                case 3 -> "\ud83d\ude00" + i;
                default -> "F" + i;
            });
        }
        return out;
    }

    private static Map<String, Cid> byName(List<DirectoryItem> items) {
        Map<String, Cid> out = new HashMap<>();
        for (DirectoryItem it : items) {
            assertEquals(null, out.put(it.name(), it.cid()), "listed twice: " + it.name());
        }
        return out;
    }

    private static Map<String, Cid> expected(List<DirectoryEntry> entries) {
        Map<String, Cid> out = new HashMap<>();
        entries.forEach(e -> out.put(e.name(), e.cid()));
        return out;
    }

    @Test
    void plainDirectoryListsEveryEntryInLinkOrderWithTsizes() throws IOException {
        List<DirectoryEntry> entries = files(store, names(40));
        DirectoryEntry dir = plain(store, "d", entries);
        List<DirectoryItem> items = reader.list(dir.cid());
        assertEquals(expected(entries), byName(items));
        for (DirectoryItem it : items) {
            assertEquals(content(it.name()).length, it.tsize(), it.name());
        }
        for (int i = 1; i < items.size(); i++) {
            byte[] a = items.get(i - 1).name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] b = items.get(i).name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(java.util.Arrays.compareUnsigned(a, b) < 0, "link order");
        }
        assertEquals(1, source.requests().size(), "a plain listing is one block");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32, 256, 1024})
    void hamtListsEveryEntryAtEveryFanout(int fanout) throws IOException {
        int n = fanout == 256 ? 3_000 : fanout == 1024 ? 2_000 : 400;
        List<DirectoryEntry> entries = files(store, names(n));
        Cid root = hamt(store, "d", fanout, entries).cid();
        HamtPaths paths = new HamtPaths(store, root);
        assertTrue(paths.levels() >= 2, "want a HAMT of several levels, got " + paths.levels());

        List<DirectoryItem> items = reader.list(root);
        assertEquals(n, items.size());
        assertEquals(expected(entries), byName(items));
        assertEquals(paths.shardCount(), source.distinct().size(), "a listing reads every shard once");
    }

    /** Each lookup reads exactly the shards between the root and the entry, in order, and nothing else. */
    @ParameterizedTest
    @ValueSource(ints = {8, 16, 256})
    void hamtLookupFetchesOnlyTheShardsOnItsPath(int fanout) throws IOException {
        List<DirectoryEntry> entries = files(store, names(fanout == 256 ? 3_000 : 500));
        Cid root = hamt(store, "d", fanout, entries).cid();
        HamtPaths paths = new HamtPaths(store, root);
        assertTrue(paths.levels() >= 3, "want a HAMT of at least 3 levels, got " + paths.levels());
        for (DirectoryEntry e : entries) {
            source.reset();
            assertEquals(e.cid(), reader.lookup(root, e.name()), e.name());
            assertEquals(paths.path(e.name()), source.requests(), "blocks fetched to look up " + e.name());

            source.reset();
            assertEquals(e.cid(), reader.resolve(root, "/" + e.name() + "/"), e.name());
            assertEquals(paths.path(e.name()), source.requests(), "blocks fetched to resolve " + e.name());
        }
    }

    @Test
    void missingNamesAreNoSuchPath() throws IOException {
        List<DirectoryEntry> entries = files(store, names(300));
        Cid hamtRoot = hamt(store, "h", 16, entries).cid();
        Cid plainRoot = plain(store, "p", entries).cid();
        int levels = new HamtPaths(store, hamtRoot).levels();
        for (int i = 0; i < 200; i++) {
            String missing = "missing-" + i;
            source.reset();
            NoSuchPathException e = assertThrows(NoSuchPathException.class, () -> reader.lookup(hamtRoot, missing));
            assertTrue(e.getMessage().contains(missing), e.getMessage());
            assertTrue(source.requests().size() <= levels, "a miss reads one shard per level at most");
            assertThrows(NoSuchPathException.class, () -> reader.lookup(plainRoot, missing));
            assertThrows(NoSuchPathException.class, () -> reader.resolve(hamtRoot, missing + "/x"));
        }
        // A name is looked up whole: a prefix or extension of an entry's name is not that entry.
        assertThrows(NoSuchPathException.class, () -> reader.lookup(hamtRoot, "file-"));
        assertThrows(NoSuchPathException.class, () -> reader.lookup(hamtRoot, "file-00"));
        assertThrows(NoSuchPathException.class, () -> reader.lookup(plainRoot, "file-"));
    }

    @Test
    void emptyDirectoryListsNothingAndFindsNothing() throws IOException {
        Cid empty = plain(store, "e", List.of()).cid();
        assertEquals(List.of(), reader.list(empty));
        assertThrows(NoSuchPathException.class, () -> reader.lookup(empty, "a"));
        assertEquals(empty, reader.resolve(empty, ""));
        assertEquals(empty, reader.resolve(empty, "//"));
    }

    /** plain -> HAMT -> plain -> HAMT -> file, and the file's bytes read back through the resolved CID. */
    @Test
    void resolvesNestedPathsThroughMixedDirectories() throws IOException {
        byte[] data = new byte[10_000];
        new java.util.Random(5).nextBytes(data);
        Cid fileCid = FileDagBuilder.build(new ByteArrayInputStream(data),
                ImportOptions.builder().chunker("size-500").maxLinks(3).build(), store).cid();

        List<DirectoryEntry> innermost = new ArrayList<>(files(store, names(100)));
        innermost.add(new DirectoryEntry("c", fileCid, data.length));
        DirectoryEntry d = hamt(store, "d", 8, innermost);
        List<DirectoryEntry> level3 = new ArrayList<>(files(store, names(7)));
        level3.add(d);
        DirectoryEntry c = plain(store, "c", level3);
        List<DirectoryEntry> level2 = new ArrayList<>(files(store, names(60)));
        level2.add(c);
        DirectoryEntry b = hamt(store, "b", 16, level2);
        List<DirectoryEntry> level1 = new ArrayList<>(files(store, names(3)));
        level1.add(b);
        Cid root = plain(store, "a", level1).cid();

        assertEquals(fileCid, reader.resolve(root, "b/c/d/c"));
        assertEquals(fileCid, reader.resolve(root, "/b//c/d/c/"));
        assertEquals(d.cid(), reader.resolve(root, "b/c/d"));
        assertEquals(root, reader.resolve(root, ""));
        try (InputStream in = reader.open(reader.resolve(root, "b/c/d/c"))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertThrows(NoSuchPathException.class, () -> reader.resolve(root, "b/c/x/c"));
        assertThrows(NoSuchPathException.class, () -> reader.resolve(root, "b/c/d/nope"));
    }

    /** A path that continues past a file names the file and says it is not a directory. */
    @Test
    void resolvingThroughAFileIsAClearError() throws IOException {
        Cid bigFile = FileDagBuilder.build(new ByteArrayInputStream(new byte[3_000]),
                ImportOptions.builder().chunker("size-1000").build(), store).cid();
        List<DirectoryEntry> entries = new ArrayList<>(files(store, List.of("raw")));
        entries.add(new DirectoryEntry("pb", bigFile, 3_000));
        Cid dir = hamt(store, "d", 8, List.of(plain(store, "p", entries))).cid();

        for (String through : List.of("raw", "pb")) {
            NoSuchPathException e = assertThrows(NoSuchPathException.class,
                    () -> reader.resolve(dir, "p/" + through + "/inside"));
            assertTrue(e.getMessage().contains("\"inside\"") && e.getMessage().contains("not a directory"),
                    e.getMessage());
        }
        assertThrows(UnixFsFormatException.class, () -> reader.list(bigFile));
        assertThrows(UnixFsFormatException.class, () -> reader.list(file(store, "x").cid()));
        assertThrows(UnixFsFormatException.class, () -> reader.open(dir));
    }
}
