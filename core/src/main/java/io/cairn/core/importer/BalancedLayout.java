package io.cairn.core.importer;

import io.cairn.core.block.BlockSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubo's balanced layout (boxo {@code importer/balanced}). The first leaf is the root; while data remains, a new
 * root at depth d+1 takes the old root as its first child and is filled with full subtrees of depth d. So every
 * leaf sits at the same depth, a one-chunk file is its own leaf, and the last subtree may be a thin chain.
 */
final class BalancedLayout {
    private final LeafPipeline leaves;
    private final BlockFactory factory;
    private final BlockSink sink;
    private final int maxLinks;

    BalancedLayout(LeafPipeline leaves, BlockFactory factory, BlockSink sink, int maxLinks) {
        this.leaves = leaves;
        this.factory = factory;
        this.sink = sink;
        this.maxLinks = maxLinks;
    }

    FileLink build() throws IOException {
        if (leaves.done()) {
            BlockFactory.Leaf empty = factory.emptyLeaf();
            sink.put(empty.block());
            return empty.link();
        }
        FileLink root = leaves.next();
        for (int depth = 1; !leaves.done(); depth++) {
            List<FileLink> children = new ArrayList<>();
            children.add(root);
            root = fill(children, depth);
        }
        return root;
    }

    private FileLink fill(List<FileLink> children, int depth) throws IOException {
        while (children.size() < maxLinks && !leaves.done()) {
            children.add(depth == 1 ? leaves.next() : fill(new ArrayList<>(), depth - 1));
        }
        BlockFactory.Leaf node = factory.fileNode(children);
        sink.put(node.block());
        return node.link();
    }
}
