package io.cairn.core.block;

import java.io.IOException;

/**
 * Where a DAG builder puts the blocks it makes. A sink that only counts (for {@code add --only-hash}) drops them;
 * a store keeps them.
 */
@FunctionalInterface
public interface BlockSink {
    /** A sink that discards every block. */
    BlockSink DISCARD = block -> { };

    void put(Block block) throws IOException;
}
