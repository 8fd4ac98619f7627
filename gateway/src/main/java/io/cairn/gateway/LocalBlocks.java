package io.cairn.gateway;

import io.cairn.core.block.BlockStore;
import io.cairn.core.multiformats.Cid;
import java.io.IOException;

/**
 * Whether a block is held locally, answered without any network traffic. The gateway asks it for
 * {@code Cache-Control: only-if-cached} requests, which must fail with 412 rather than start a remote fetch; its
 * reads otherwise go through the (possibly network-backed) {@link io.cairn.core.block.BlockSource}.
 */
@FunctionalInterface
public interface LocalBlocks {
    boolean has(Cid cid) throws IOException;

    /** The blocks of a local store. */
    static LocalBlocks of(BlockStore store) {
        return cid -> store.has(cid.multihash());
    }
}
