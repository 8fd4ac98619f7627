package io.cairn.core.ipld;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Visits every block of a DAG once, depth-first, parents before children and children in link order: the order a
 * CAR export writes (Kubo's {@code dag export}). Links are followed in every codec {@link Links} reads, so dag-cbor
 * and dag-json DAGs are walked whole.
 */
public final class DagTraversal {
    /** Receives each block once. */
    @FunctionalInterface
    public interface Visitor {
        void visit(Block block) throws IOException;
    }

    /** What to do with a block whose codec {@link Links} cannot read. */
    public enum UnknownCodecs {
        /** Throw {@link UnsupportedCodecException} before fetching it (Kubo's answer for a pin or an export). */
        FAIL,
        /** Visit it and go on as if it had no links (for searches over pins made before links were read). */
        LEAF
    }

    private DagTraversal() {}

    /** Walks {@code root}'s DAG; an unknown codec fails the walk. */
    public static void walk(BlockSource source, Cid root, Visitor visitor) throws IOException {
        walk(source, root, UnknownCodecs.FAIL, visitor);
    }

    /**
     * Walks {@code root}'s DAG. Throws what the source throws for a block it cannot give
     * ({@code BlockNotFoundException}, an {@link IOException}) and {@link IpldFormatException} for a block whose
     * links cannot be read.
     */
    public static void walk(BlockSource source, Cid root, UnknownCodecs unknown, Visitor visitor)
            throws IOException {
        Set<Cid> seen = new HashSet<>();
        Deque<Cid> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!seen.add(cid)) {
                continue;
            }
            if (unknown == UnknownCodecs.FAIL && !Links.isSupported(cid.codec())) {
                throw new UnsupportedCodecException(cid.codec());
            }
            Block block = BlockSource.await(source.get(cid), cid);
            visitor.visit(block);
            if (!Links.mayHaveLinks(cid.codec())) {
                continue;
            }
            List<Cid> links = Links.of(cid, block.data());
            for (int i = links.size() - 1; i >= 0; i--) {
                Cid child = links.get(i);
                if (!seen.contains(child)) {
                    todo.push(child);
                }
            }
        }
    }
}
