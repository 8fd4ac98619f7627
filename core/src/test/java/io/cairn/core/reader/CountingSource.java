package io.cairn.core.reader;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.multiformats.Cid;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link BlockSource} decorator recording every CID asked for, so tests can assert how much of a DAG an
 * operation touched (a lookahead request counts, whether or not the reader then uses the block).
 */
final class CountingSource implements BlockSource {
    private final BlockSource delegate;
    private final List<Cid> requests = new ArrayList<>();

    CountingSource(BlockSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Block> get(Cid cid) {
        synchronized (this) {
            requests.add(cid);
        }
        return delegate.get(cid);
    }

    synchronized List<Cid> requests() {
        return List.copyOf(requests);
    }

    synchronized Set<Cid> distinct() {
        return new LinkedHashSet<>(requests);
    }

    synchronized void reset() {
        requests.clear();
    }
}
