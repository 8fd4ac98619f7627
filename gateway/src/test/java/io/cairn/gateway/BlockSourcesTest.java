package io.cairn.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.reader.UnixFsReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The read-ahead decorator: same blocks, same failures, fetched and completed on the pool's threads. */
class BlockSourcesTest {
    @Test
    void asyncSourceReadsAFileAsTheSourceItWraps() throws Exception {
        MemoryBlockStore store = new MemoryBlockStore();
        byte[] data = new byte[3 << 20];
        new Random(3).nextBytes(data);
        Cid root = new UnixFsImporter(ImportOptions.defaults(), store, (p, l) -> { })
                .addStream(new ByteArrayInputStream(data)).cid();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            BlockSource async = BlockSources.async(BlockSource.of(store), pool);
            try (InputStream in = new UnixFsReader(async).open(root)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            try (InputStream in = new UnixFsReader(async).open(root, 1_000_000, 70_000)) {
                assertArrayEquals(java.util.Arrays.copyOfRange(data, 1_000_000, 1_070_000), in.readAllBytes());
            }
            Block block = async.get(root).get(10, TimeUnit.SECONDS);
            assertEquals(root, block.cid());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failuresKeepTheirTypeAndARejectingPoolFailsTheFetch() throws Exception {
        Cid missing = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, "gone".getBytes(StandardCharsets.UTF_8));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            BlockSource async = BlockSources.async(BlockSource.of(new MemoryBlockStore()), pool);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> async.get(missing).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof BlockNotFoundException, e.toString());
            assertThrows(BlockNotFoundException.class, () -> BlockSource.await(async.get(missing), missing));
            BlockSource throwing = BlockSources.async(cid -> {
                throw new IllegalStateException("source broke");
            }, pool);
            e = assertThrows(ExecutionException.class, () -> throwing.get(missing).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        } finally {
            pool.shutdownNow();
        }
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        BlockSource closed = BlockSources.async(BlockSource.of(new MemoryBlockStore()), pool);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> closed.get(missing).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof RejectedExecutionException, e.toString());
    }
}
