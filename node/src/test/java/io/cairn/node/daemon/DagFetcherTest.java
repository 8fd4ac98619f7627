package io.cairn.node.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockExchange;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DAG fetch and the store-else-network source over a fake exchange that answers later, on its own thread. */
class DagFetcherTest {
    private final ExecutorService io = Executors.newFixedThreadPool(4);
    private final ExecutorService remote = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        io.shutdownNow();
        remote.shutdownNow();
    }

    /** A peer holding {@code blocks} that answers after a short delay and counts wants in flight. */
    private static final class SlowExchange implements BlockExchange {
        final MemoryBlockStore blocks;
        final ExecutorService pool;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final Set<Cid> asked = ConcurrentHashMap.newKeySet();

        SlowExchange(MemoryBlockStore blocks, ExecutorService pool) {
            this.blocks = blocks;
            this.pool = pool;
        }

        @Override
        public CompletableFuture<Block> get(Cid cid) {
            asked.add(cid);
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(2);
                    return blocks.get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
                } catch (java.io.IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    inFlight.decrementAndGet();
                }
            }, pool);
        }
    }

    private static Cid importRandom(MemoryBlockStore into, int bytes, long seed) throws Exception {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        ImportOptions small = ImportOptions.builder().chunker("size-1024").maxLinks(8).build();
        return new UnixFsImporter(small, into, (p, l) -> { }).addStream(new ByteArrayInputStream(data)).cid();
    }

    @Test
    void fetchesEveryMissingBlockOnceWithinTheParallelismBound() throws Exception {
        MemoryBlockStore remoteStore = new MemoryBlockStore();
        Cid root = importRandom(remoteStore, 300 * 1024, 1);
        MemoryBlockStore local = new MemoryBlockStore();
        // one subtree is already local: it is read, not fetched, and its children are still followed
        Block rootBlock = remoteStore.get(root).orElseThrow();
        local.put(rootBlock);
        SlowExchange exchange = new SlowExchange(remoteStore, remote);
        NetworkBlockSource source = new NetworkBlockSource(local, exchange, io, cid -> { });
        DagFetcher fetcher = new DagFetcher(local, source, io, 5);
        List<Cid> sunk = java.util.Collections.synchronizedList(new ArrayList<>());
        int count = fetcher.fetch(root, b -> sunk.add(b.cid())).get(60, TimeUnit.SECONDS);
        assertEquals(remoteStore.count(), count);
        assertEquals(remoteStore.count(), Set.copyOf(sunk).size(), "each block handed over once");
        assertEquals(remoteStore.count(), sunk.size());
        assertTrue(exchange.maxInFlight.get() <= 5, "at most 5 in flight, saw " + exchange.maxInFlight.get());
        assertTrue(!exchange.asked.contains(root), "the local root is not fetched");
        assertEquals(remoteStore.count(), local.count(), "fetched blocks are kept");
    }

    /** {@code {"c": [links]}} in DAG-CBOR: a map of one key over an array of tag-42 links. */
    private static Block cborNode(MemoryBlockStore into, Cid... links) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xa1, 0x61, 'c', (byte) (0x80 | links.length)});
        for (Cid c : links) {
            out.writeBytes(new byte[] {(byte) 0xd8, 42, 0x58, (byte) (c.byteLength() + 1), 0});
            out.writeBytes(c.toBytes());
        }
        byte[] data = out.toByteArray();
        Block b = new Block(Cid.of(1, Multicodec.DAG_CBOR,
                HashFunction.SHA2_256, data), data);
        into.put(b);
        return b;
    }

    @Test
    void dagCborLinksAreFollowed() throws Exception {
        MemoryBlockStore remoteStore = new MemoryBlockStore();
        Cid fileA = importRandom(remoteStore, 20 * 1024, 3);
        Cid fileB = importRandom(remoteStore, 5 * 1024, 4);
        Block inner = cborNode(remoteStore, fileB);
        Block root = cborNode(remoteStore, fileA, inner.cid(), fileA);
        MemoryBlockStore local = new MemoryBlockStore();
        NetworkBlockSource source = new NetworkBlockSource(local, new SlowExchange(remoteStore, remote), io,
                cid -> { });
        int count = new DagFetcher(local, source, io, 4).fetch(root.cid(), b -> { }).get(60, TimeUnit.SECONDS);
        assertEquals(remoteStore.count(), count);
        assertEquals(remoteStore.count(), local.count(), "every block under the dag-cbor root is local");
    }

    @Test
    void aBlockNobodyHasFailsTheFetch() throws Exception {
        MemoryBlockStore remoteStore = new MemoryBlockStore();
        Cid root = importRandom(remoteStore, 50 * 1024, 2);
        MemoryBlockStore partial = new MemoryBlockStore();
        Block rootBlock = remoteStore.get(root).orElseThrow();
        partial.put(rootBlock);   // the peer has the root only
        MemoryBlockStore local = new MemoryBlockStore();
        NetworkBlockSource source = new NetworkBlockSource(local, new SlowExchange(partial, remote), io, cid -> { });
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> new DagFetcher(local, source, io, 4).fetch(root, b -> { }).get(60, TimeUnit.SECONDS));
        Throwable cause = e.getCause();
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertInstanceOf(BlockNotFoundException.class, cause, e.toString());
    }

    @Test
    void cancellingAReadCancelsTheWant() throws Exception {
        CompletableFuture<Block> never = new CompletableFuture<>();
        BlockExchange exchange = cid -> never;
        NetworkBlockSource source = new NetworkBlockSource(new MemoryBlockStore(), exchange, io, cid -> { });
        MemoryBlockStore any = new MemoryBlockStore();
        Cid cid = importRandom(any, 10, 3);
        CompletableFuture<Block> read = source.get(cid);
        read.cancel(true);
        assertTrue(never.isCancelled());
    }
}
