package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * A large add's sub-batches skip the WAL; these tests hold the store to what makes that safe: nothing that a
 * synced write depends on stays only in a memtable, and a small add still costs a WAL write, not a flush. (The
 * crash itself is CrashIT's: SIGKILL during add, then every pinned block must be there.)
 */
class UnloggedWriteTest {
    private static final ImportOptions OPTIONS = ImportOptions.builder().chunker("size-16384").build();

    @TempDir
    Path dir;

    @Test
    void aLargeAddIsFlushedBeforeItsPinIsWritten() throws IOException, RocksDBException {
        try (RocksStore store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults())) {
            store.addBatchBytes = 64 * 1024; // many sub-batches, as a 1 GiB add has with 32 MiB ones
            FileLink root = add(store, 1 << 20, 1, PinMode.RECURSIVE);
            assertEquals(0, memtableEntries(store), "the unlogged blocks were flushed by the commit");
            assertTrue(store.pins().get(root.cid()).isPresent());
            assertTrue(store.pins().verify().isEmpty());
        }
    }

    @Test
    void aSmallAddGoesThroughTheWalAndIsNotFlushed() throws IOException, RocksDBException {
        try (RocksStore store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults())) {
            add(store, 200 * 1024, 2, PinMode.RECURSIVE);
            assertTrue(memtableEntries(store) > 0, "a one-batch add must not cost a flush");
        }
    }

    @Test
    void anUnpinnedLargeAddIsFlushedToo() throws IOException, RocksDBException {
        try (RocksStore store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults())) {
            store.addBatchBytes = 64 * 1024;
            add(store, 1 << 20, 3, PinMode.NONE);
            assertEquals(0, memtableEntries(store), "add --pin=false reports success only once the blocks are on disk");
        }
    }

    /**
     * A block another writer finds present may be one an unfinished add wrote without the WAL; the synced write
     * that reports the other writer's success must flush it first, or a crash would keep the second writer's
     * result without the block.
     */
    @Test
    void aSyncWriteFlushesAnotherSessionsUnloggedBlocks() throws IOException, RocksDBException {
        try (RocksStore store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults())) {
            store.addBatchBytes = 1;
            try (AddSession open = store.beginAdd()) {
                open.put(block("written unlogged by a session that never commits"));
                assertTrue(memtableEntries(store) > 0);
                store.blocks().put(block("a plain block put, synced"));
                assertEquals(1, memtableEntries(store), "only the synced put's own (logged) entry is left");
            }
        }
    }

    /** Blob GC is off during adds; a collection that frees much turns it on for its compaction and frees files. */
    @Test
    void aCollectionGivesBlobSpaceBack() throws IOException, RocksDBException {
        try (RocksStore store = RocksStore.open(dir.resolve("store"), StoreOptions.defaults())) {
            store.addBatchBytes = 64 * 1024;
            FileLink kept = add(store, 512 * 1024, 4, PinMode.RECURSIVE);
            FileLink dropped = add(store, 4 << 20, 5, PinMode.RECURSIVE);
            store.data.flushAll();
            long before = blobBytes(store);
            assertTrue(before > 4 << 20, "blob files hold both adds: " + before);
            store.pins().remove(dropped.cid(), true);
            store.gc().collect();
            long after = blobBytes(store);
            assertTrue(after < before - (3 << 20), "blob bytes " + before + " -> " + after);
            assertTrue(store.pins().verify().isEmpty(), "the kept DAG " + kept.cid() + " is whole");
        }
    }

    private static FileLink add(RocksStore store, int size, long seed, PinMode mode) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        try (AddSession session = store.beginAdd()) {
            FileLink root = FileDagBuilder.build(new ByteArrayInputStream(data), OPTIONS, session);
            session.commit(root.cid(), mode, null);
            return root;
        }
    }

    private static Block block(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, bytes), bytes);
    }

    private static long memtableEntries(RocksStore store) throws RocksDBException {
        return store.data.db.getLongProperty(store.data.blocks, "rocksdb.num-entries-active-mem-table")
                + store.data.db.getLongProperty(store.data.blocks, "rocksdb.num-entries-imm-mem-tables");
    }

    private static long blobBytes(RocksStore store) throws RocksDBException {
        return store.data.db.getLongProperty(store.data.blocks, "rocksdb.total-blob-file-size");
    }
}
