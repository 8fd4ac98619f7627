package io.cairn.core.block;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.Optional;

/**
 * Durable blocks keyed by multihash: a CIDv0 and a CIDv1 of the same bytes share one copy. Implementations are
 * thread-safe. Calls may block on disk; callers on an event loop must hop to an executor first.
 */
public interface BlockStore extends BlockSink {
    Optional<byte[]> get(Multihash multihash) throws IOException;

    default Optional<Block> get(Cid cid) throws IOException {
        return get(cid.multihash()).map(bytes -> new Block(cid, bytes));
    }

    boolean has(Multihash multihash) throws IOException;

    /** Stored size of the block, or -1 if absent. */
    long size(Multihash multihash) throws IOException;

    void delete(Multihash multihash) throws IOException;
}
