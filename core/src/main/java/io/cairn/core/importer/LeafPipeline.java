package io.cairn.core.importer;

import io.cairn.core.block.BlockSink;
import io.cairn.core.chunker.Chunker;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The leaves of one file, in order, hashed on all cores. Chunks are read on the caller's thread; up to
 * {@code window} of them are hashed at once on a shared pool, and {@link #next()} hands them back in file order,
 * passing each leaf block to the sink first. Memory is bounded by {@code window} chunks.
 *
 * <p>{@link #done()} mirrors boxo's {@code DagBuilderHelper.Done}: true once the chunker is exhausted and every
 * leaf has been taken. The layouts are written against exactly that pair of calls.
 */
final class LeafPipeline {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final ExecutorService HASHERS = Executors.newFixedThreadPool(CORES, new DaemonThreads());

    private final Chunker chunker;
    private final BlockFactory factory;
    private final UnixFsType leafType;
    private final BlockSink sink;
    private final Executor executor;
    private final int window;
    /** Room asked of the chunker around each chunk, so that a leaf is made in the array the chunk was read into. */
    private final int headroom;
    private final int tailroom;
    private final ArrayDeque<CompletableFuture<BlockFactory.Leaf>> inFlight = new ArrayDeque<>();
    private boolean exhausted;

    LeafPipeline(Chunker chunker, int maxChunk, BlockFactory factory, UnixFsType leafType, BlockSink sink) {
        this(chunker, maxChunk, factory, leafType, sink, HASHERS, 2 * CORES + 2);
    }

    LeafPipeline(Chunker chunker, int maxChunk, BlockFactory factory, UnixFsType leafType, BlockSink sink,
            Executor executor, int window) {
        this.chunker = chunker;
        this.headroom = factory.headroom(maxChunk);
        this.tailroom = factory.tailroom(maxChunk);
        this.factory = factory;
        this.leafType = leafType;
        this.sink = sink;
        this.executor = executor;
        this.window = window;
    }

    boolean done() throws IOException {
        refill();
        return inFlight.isEmpty();
    }

    FileLink next() throws IOException {
        refill();
        CompletableFuture<BlockFactory.Leaf> head = inFlight.poll();
        if (head == null) {
            throw new IllegalStateException("no more leaves");
        }
        BlockFactory.Leaf leaf = await(head);
        sink.put(leaf.block());
        refill();
        return leaf.link();
    }

    /** Abandons leaves still being hashed (after a failure elsewhere). */
    void cancel() {
        inFlight.forEach(f -> f.cancel(false));
        inFlight.clear();
    }

    private void refill() throws IOException {
        while (!exhausted && inFlight.size() < window) {
            byte[] chunk = chunker.nextChunk(headroom, tailroom);
            if (chunk == null) {
                exhausted = true;
            } else {
                inFlight.add(CompletableFuture.supplyAsync(
                        () -> factory.leaf(chunk, headroom, tailroom, leafType), executor));
            }
        }
    }

    private static BlockFactory.Leaf await(CompletableFuture<BlockFactory.Leaf> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            if (cause instanceof UncheckedIOException) {
                throw ((UncheckedIOException) cause).getCause();
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IOException(cause);
        }
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "cairn-hash-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
