package io.cairn.storage.rocks;

import java.io.IOException;
import java.util.Optional;

/**
 * Deletes stored blocks that no pin keeps and no temporary pin holds. Its cost follows the garbage: it reads the
 * candidate set (blocks written unpinned, or unpinned since the last collection), never the whole store.
 */
public interface GarbageCollector {
    GcResult collect() throws IOException;

    /** Collects when the stored bytes exceed {@link StoreOptions#gcThreshold()}; otherwise does nothing. */
    Optional<GcResult> collectIfOverWatermark() throws IOException;
}
