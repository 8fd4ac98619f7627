package io.cairn.gateway;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decorators the gateway puts around the {@link BlockSource} it was given (boxo's style: behaviour added by
 * wrapping a small interface). None of them knows whether the source is local or the network.
 */
final class BlockSources {
    private BlockSources() {}

    static boolean isIdentity(Cid cid) {
        return cid.multihash().code() == HashFunction.IDENTITY.code();
    }

    /** Identity CIDs carry their bytes: they are answered from the CID itself and never reach the source. */
    static BlockSource withIdentity(BlockSource source) {
        return cid -> isIdentity(cid)
                ? CompletableFuture.completedFuture(new Block(cid, cid.multihash().digest()))
                : source.get(cid);
    }

    /**
     * Each fetch asked of {@code source} from a thread of {@code executor}, completing there: a reader's lookahead
     * then reads and decodes the next blocks (its decoding runs where the fetch completes) while the requesting
     * thread sends earlier ones, instead of reading all of them, one after another, before its first byte.
     */
    static BlockSource async(BlockSource source, Executor executor) {
        return cid -> {
            CompletableFuture<Block> out = new CompletableFuture<>();
            try {
                executor.execute(() -> {
                    try {
                        source.get(cid).whenComplete((block, failure) -> {
                            if (failure == null) {
                                out.complete(block);
                            } else {
                                out.completeExceptionally(failure instanceof CompletionException
                                        && failure.getCause() != null ? failure.getCause() : failure);
                            }
                        });
                    } catch (RuntimeException e) {
                        out.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                out.completeExceptionally(e);
            }
            return out;
        };
    }

    /** Each fetch that takes longer than {@code timeout} fails with {@link RetrievalTimeoutException}. */
    static BlockSource withTimeout(BlockSource source, Duration timeout) {
        long millis = timeout.toMillis();
        return cid -> {
            CompletableFuture<Block> out = new CompletableFuture<>();
            source.get(cid).copy().orTimeout(millis, TimeUnit.MILLISECONDS).whenComplete((block, failure) -> {
                if (failure == null) {
                    out.complete(block);
                    return;
                }
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                out.completeExceptionally(cause instanceof TimeoutException
                        ? new RetrievalTimeoutException(cid, timeout) : cause);
            });
            return out;
        };
    }

    /** For only-if-cached requests: a block that is not held locally fails with {@link NotCachedException}. */
    static BlockSource cachedOnly(BlockSource source, LocalBlocks local) {
        return cid -> {
            try {
                if (!isIdentity(cid) && !local.has(cid)) {
                    return CompletableFuture.failedFuture(new NotCachedException(cid));
                }
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            return source.get(cid);
        };
    }

    /**
     * Remembers every block fetched through it, in the order the fetches completed: the blocks a path resolution
     * read (directories and the HAMT shards on the way), which a CAR response must carry so the client can verify
     * the path. Resolution fetches one block at a time, so the order is the traversal order.
     */
    static final class Recording implements BlockSource {
        private final BlockSource source;
        private final List<Block> blocks = new ArrayList<>();

        Recording(BlockSource source) {
            this.source = source;
        }

        @Override
        public CompletableFuture<Block> get(Cid cid) {
            return source.get(cid).thenApply(block -> {
                synchronized (blocks) {
                    blocks.add(block);
                }
                return block;
            });
        }

        List<Block> blocks() {
            synchronized (blocks) {
                return List.copyOf(blocks);
            }
        }
    }
}
