package io.cairn.core.reader;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Visits every block of a DAG once, depth-first, parents before children and children in link order: the order
 * a CAR export writes. dag-pb nodes are followed through their links; raw blocks (and codecs Cairn does not
 * traverse) are leaves.
 */
public final class DagWalker {
    /** Receives each block once. */
    @FunctionalInterface
    public interface Visitor {
        void visit(Block block) throws IOException;
    }

    private DagWalker() {}

    public static void walk(BlockSource source, Cid root, Visitor visitor) throws IOException {
        UnixFsReader fetcher = new UnixFsReader(source);
        Set<Cid> seen = new HashSet<>();
        Deque<Cid> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!seen.add(cid)) {
                continue;
            }
            Block block = fetcher.fetch(cid);
            visitor.visit(block);
            if (cid.isCodec(Multicodec.DAG_PB)) {
                List<PbLink> links = DagPb.decode(block.data()).links();
                for (int i = links.size() - 1; i >= 0; i--) {
                    Cid child = links.get(i).hash();
                    if (!seen.contains(child)) {
                        todo.push(child);
                    }
                }
            }
        }
    }
}
