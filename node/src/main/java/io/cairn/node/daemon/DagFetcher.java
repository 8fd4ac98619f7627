package io.cairn.node.daemon;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.BlockStore;
import io.cairn.core.ipld.Links;
import io.cairn.core.ipld.UnsupportedCodecException;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Makes a whole DAG local: a breadth-first traversal with at most {@code parallelism} blocks in flight, each block
 * read from the store when present and fetched from the network otherwise, and every block handed to a
 * {@link BlockSink} (an add session, whose temporary pin keeps what was fetched safe from garbage collection until
 * the pin is committed). dag-pb, dag-cbor and dag-json nodes are followed through their links ({@link Links}); raw
 * and the other link-free codecs are leaves; a block of a codec whose links Cairn cannot read fails the fetch
 * ({@link UnsupportedCodecException}), since the pin it serves would refuse it.
 *
 * <p>State is confined to one lock; network callbacks only enqueue, and store access runs on {@code io}.
 */
final class DagFetcher {
    private final BlockStore store;
    private final BlockSource network;
    private final Executor io;
    private final int parallelism;

    DagFetcher(BlockStore store, BlockSource network, Executor io, int parallelism) {
        this.store = store;
        this.network = network;
        this.io = io;
        this.parallelism = parallelism;
    }

    /** Completes when every block of {@code root}'s DAG was handed to {@code sink}; the count of blocks. */
    CompletableFuture<Integer> fetch(Cid root, BlockSink sink) {
        return new Traversal(sink).start(root);
    }

    private final class Traversal {
        private final BlockSink sink;
        private final ArrayDeque<Cid> todo = new ArrayDeque<>();
        private final Set<Multihash> seen = new HashSet<>();
        private final CompletableFuture<Integer> done = new CompletableFuture<>();
        private int inFlight;
        private int count;

        Traversal(BlockSink sink) {
            this.sink = sink;
        }

        CompletableFuture<Integer> start(Cid root) {
            synchronized (this) {
                enqueue(root);
            }
            pump();
            return done;
        }

        private void enqueue(Cid cid) {
            if (cid.multihash().function() == HashFunction.IDENTITY || !seen.add(cid.multihash())) {
                return;
            }
            todo.add(cid);
        }

        private void pump() {
            while (true) {
                Cid next;
                synchronized (this) {
                    if (done.isDone() || inFlight >= parallelism || todo.isEmpty()) {
                        if (inFlight == 0 && todo.isEmpty() && !done.isDone()) {
                            done.complete(count);
                        }
                        return;
                    }
                    next = todo.poll();
                    inFlight++;
                }
                CompletableFuture.supplyAsync(() -> local(next), io)
                        .thenCompose(b -> b.map(CompletableFuture::completedFuture).orElseGet(() -> network.get(next)))
                        .thenAcceptAsync(this::accept, io)
                        .whenComplete((v, e) -> {
                            synchronized (this) {
                                inFlight--;
                            }
                            if (e != null) {
                                done.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                                        ? e.getCause() : e);
                            }
                            pump();
                        });
            }
        }

        private Optional<Block> local(Cid cid) {
            try {
                return store.get(cid);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }

        private void accept(Block block) {
            long codec = block.cid().codec();
            if (!Links.isSupported(codec)) {
                throw new UnsupportedCodecException(codec);
            }
            List<Cid> links = Links.mayHaveLinks(codec) ? Links.of(block.cid(), block.data()) : List.of();
            try {
                synchronized (sink) {
                    sink.put(block);
                }
            } catch (IOException e) {
                throw new CompletionException(e);
            }
            synchronized (this) {
                count++;
                for (Cid l : links) {
                    enqueue(l);
                }
            }
        }
    }
}
