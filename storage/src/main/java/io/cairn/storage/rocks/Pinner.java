package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Pins: what garbage collection keeps. A recursive pin keeps its root and everything reachable from it through
 * dag-pb links; a direct pin keeps its block only. Every change is one atomic, durable write.
 */
public interface Pinner {
    /**
     * Pins {@code root}. {@link PinMode#RECURSIVE} needs the whole DAG stored and turns a direct pin on
     * {@code root} into a recursive one; {@link PinMode#DIRECT} needs the root block; {@link PinMode#NONE} does
     * nothing. Pinning again as the same kind only replaces the name (when {@code name} is not null).
     *
     * @throws MissingBlockException naming the first block (depth-first, in link order) that is not stored
     * @throws PinConflictException when asking for a direct pin on a recursively pinned CID
     */
    void add(Cid root, PinMode mode, String name) throws IOException;

    /**
     * Removes the pin on {@code root}: a recursive pin only if {@code recursive}, a direct pin either way.
     *
     * @throws NotPinnedException if {@code root} has no pin of its own (also when it is only pinned indirectly)
     * @throws PinConflictException when {@code root} is pinned recursively and {@code recursive} is false
     */
    void remove(Cid root, boolean recursive) throws IOException;

    /**
     * Moves a recursive pin from {@code from} to {@code to} (keeping its name), touching only the blocks in which
     * the two DAGs differ; keeps {@code from} pinned as well unless {@code unpinFrom}.
     *
     * @throws NotPinnedException if {@code from} is not pinned recursively
     * @throws MissingBlockException if a block of {@code to}'s DAG is not stored
     */
    void update(Cid from, Cid to, boolean unpinFrom) throws IOException;

    /**
     * The pin that keeps {@code cid}: its own recursive or direct pin (made with this CID or, failing that, with
     * its other CID version), else an indirect pin when it is reachable from a recursive one.
     */
    Optional<Pin> get(Cid cid) throws IOException;

    /**
     * Pins of {@code type}. {@link PinType#INDIRECT} walks the recursive pins' DAGs and lists each reachable CID
     * once, skipping the recursive roots themselves; {@link PinType#ALL} lists recursive, then direct, then
     * indirect pins, each CID once. Store errors surface as {@link UncheckedIOException}.
     */
    Iterator<Pin> list(PinType type);

    /**
     * Checks every pin's DAG is stored, readable and hashes right, and that the stored reference counts match
     * the pins. Returns one line per problem; empty when the pins are sound. Reads every pinned block.
     */
    List<String> verify() throws IOException;
}
