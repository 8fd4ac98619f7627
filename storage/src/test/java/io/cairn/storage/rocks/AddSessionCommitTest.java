package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddSessionCommitTest {
    @TempDir
    Path dir;

    /** The commit pins what the session was just given without reading any of it back from disk. */
    @Test
    void commitPinsTheSessionsOwnBlocksWithoutReadingThem() throws IOException {
        byte[] data = new byte[600 * 1024];
        new Random(7).nextBytes(data);
        // dag-pb leaves (Kubo's defaults), so every leaf would have to be read to learn it has no links.
        ImportOptions options = ImportOptions.builder().chunker("size-4096").maxLinks(8).build();
        try (RocksStore store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults())) {
            FileLink root;
            try (AddSession session = store.beginAdd()) {
                root = FileDagBuilder.build(new ByteArrayInputStream(data), options, session);
                store.counters().reset();
                session.commit(root.cid(), PinMode.RECURSIVE, null);
            }
            assertEquals(0, store.counters().blockReads.get(), store.counters().toString());
            assertTrue(store.pins().get(root.cid()).isPresent());
            assertTrue(store.pins().verify().isEmpty(), "the pinned DAG is whole");
            // Every block is live: GC frees nothing.
            assertEquals(0, store.gc().collect().blocksRemoved());
        }
    }

    /** A second add of the same content finds every block present and still pins without reads. */
    @Test
    void reAddOfStoredContentAlsoPinsWithoutReads() throws IOException {
        byte[] data = new byte[100 * 1024];
        new Random(8).nextBytes(data);
        ImportOptions options = ImportOptions.builder().chunker("size-2048").maxLinks(4).build();
        try (RocksStore store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults())) {
            FileLink first;
            try (AddSession session = store.beginAdd()) {
                first = FileDagBuilder.build(new ByteArrayInputStream(data), options, session);
                session.commit(first.cid(), PinMode.NONE, null);
            }
            try (AddSession session = store.beginAdd()) {
                FileLink again = FileDagBuilder.build(new ByteArrayInputStream(data), options, session);
                assertEquals(first, again);
                store.counters().reset();
                session.commit(again.cid(), PinMode.RECURSIVE, "again");
            }
            assertEquals(0, store.counters().blockReads.get(), store.counters().toString());
            assertTrue(store.pins().verify().isEmpty());
        }
    }
}
