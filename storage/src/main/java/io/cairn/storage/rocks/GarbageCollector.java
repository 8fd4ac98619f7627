package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deletes stored blocks that no pin keeps and no temporary pin holds. Its cost follows the garbage: it reads the
 * candidate set (blocks written unpinned, or unpinned since the last collection), never the whole store.
 */
public interface GarbageCollector {
    GcResult collect() throws IOException;

    /**
     * Same as {@link #collect()}, telling {@code removed} the multihash of each deleted block once its deletion is
     * written (for {@code repo gc}'s {@code removed <cid>} lines).
     */
    GcResult collect(Consumer<Multihash> removed) throws IOException;

    /** Collects when the stored bytes exceed {@link StoreOptions#gcThreshold()}; otherwise does nothing. */
    default Optional<GcResult> collectIfOverWatermark() throws IOException {
        return collectIfOverWatermark(mh -> { });
    }

    /** {@link #collectIfOverWatermark()}, telling {@code removed} each deleted block as {@link #collect} does. */
    Optional<GcResult> collectIfOverWatermark(Consumer<Multihash> removed) throws IOException;
}
