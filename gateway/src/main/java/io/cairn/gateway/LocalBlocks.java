package io.cairn.gateway;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.util.Optional;

/**
 * Whether a block is held locally, answered without any network traffic. The gateway asks it for
 * {@code Cache-Control: only-if-cached} requests, which must fail with 412 rather than start a remote fetch; its
 * reads otherwise go through the (possibly network-backed) {@link io.cairn.core.block.BlockSource}.
 */
@FunctionalInterface
public interface LocalBlocks {
    boolean has(Cid cid) throws IOException;

    /**
     * The block itself when it is held locally, read on the calling thread without any network traffic; empty when
     * it is not held, or when this view cannot read blocks (the default). The gateway serves a small file on its
     * event loop, without a thread hand-off, when every block it needs comes back from here; otherwise a worker
     * reads it through the {@link io.cairn.core.block.BlockSource}, as it does for everything else. So this must
     * answer with the same verified bytes the source would.
     */
    default Optional<Block> read(Cid cid) throws IOException {
        return Optional.empty();
    }

    /** The blocks of a local store. */
    static LocalBlocks of(BlockStore store) {
        return new LocalBlocks() {
            @Override
            public boolean has(Cid cid) throws IOException {
                return store.has(cid.multihash());
            }

            @Override
            public Optional<Block> read(Cid cid) throws IOException {
                return store.get(cid);
            }
        };
    }
}
