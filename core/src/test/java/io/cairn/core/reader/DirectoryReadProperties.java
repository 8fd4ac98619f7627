package io.cairn.core.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.testing.CairnArbitraries;
import io.cairn.core.unixfs.DirectoryEntry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Any set of names, sharded at any fanout or not at all, lists back whole and every name resolves. */
class DirectoryReadProperties {
    @Provide
    Arbitrary<Set<String>> nameSets() {
        return CairnArbitraries.names().filter(n -> !n.isEmpty() && n.indexOf('/') < 0).set().ofMinSize(0)
                .ofMaxSize(400);
    }

    @Provide
    Arbitrary<Integer> fanouts() {
        return Arbitraries.of(0, 8, 16, 32, 64, 256, 1024);
    }

    /** {@code fanout} 0 builds a plain directory. */
    @Property(tries = 60)
    void everyEntryListsAndResolves(@ForAll("nameSets") Set<String> names, @ForAll("fanouts") int fanout,
            @ForAll @IntRange(min = 0, max = 1_000) int missingSeed) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        List<DirectoryEntry> entries = DirectoryFixture.files(store, names);
        Cid root = fanout == 0
                ? DirectoryFixture.plain(store, "d", entries).cid()
                : DirectoryFixture.hamt(store, "d", fanout, entries).cid();
        UnixFsReader reader = new UnixFsReader(store.source());

        Map<String, Cid> listed = new HashMap<>();
        for (DirectoryItem it : reader.list(root)) {
            assertEquals(null, listed.put(it.name(), it.cid()), "listed twice: " + it.name());
            assertEquals(DirectoryFixture.content(it.name()).length, it.tsize());
        }
        Map<String, Cid> expected = new HashMap<>();
        entries.forEach(e -> expected.put(e.name(), e.cid()));
        assertEquals(expected, listed);
        for (DirectoryEntry e : entries) {
            assertEquals(e.cid(), reader.resolve(root, e.name()), e.name());
        }
        String missing = "missing " + missingSeed;
        if (!names.contains(missing)) {
            assertThrows(NoSuchPathException.class, () -> reader.lookup(root, missing));
        }
    }
}
