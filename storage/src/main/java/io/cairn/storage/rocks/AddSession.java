package io.cairn.storage.rocks;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.multiformats.Cid;
import java.io.IOException;

/**
 * One add, import or fetch: a {@link BlockSink} whose blocks are written in large batches without waiting for the
 * disk, each held by the session's temporary pin so that no garbage collection removes them before
 * {@link #commit}. Use it as {@code try (AddSession s = store.beginAdd()) { ...; s.commit(root, mode, name); }}.
 * Not for concurrent use by several threads; several sessions may run at once.
 */
public interface AddSession extends BlockSink, AutoCloseable {
    /**
     * Stores {@code block} unless a block with its multihash is already stored, and holds it either way. The
     * caller vouches that the bytes hash to the CID (builders compute it; network and CAR input must be verified
     * with {@link Block#verified} first). Identity-hashed blocks are not stored: their CID holds their bytes.
     */
    @Override
    void put(Block block) throws IOException;

    /**
     * Makes the session durable and pins {@code root} as {@code mode} (with {@code name}, which may be null),
     * then releases the temporary pins. When this returns, every block put and the pin survive a crash.
     *
     * @throws MissingBlockException if {@code mode} is {@link PinMode#RECURSIVE} and a block of the DAG is neither
     *     stored nor was put (the session stays open; close it)
     */
    void commit(Cid root, PinMode mode, String name) throws IOException;

    /** Drops the temporary pins; without a commit, what was written is left to the next garbage collection. */
    @Override
    void close();
}
