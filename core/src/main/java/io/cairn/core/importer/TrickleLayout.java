package io.cairn.core.importer;

import io.cairn.core.block.BlockSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubo's trickle layout (boxo {@code importer/trickle}). A node first takes up to {@code maxLinks} leaves, then,
 * for each depth 1, 2, ... below its own limit, up to {@value #DEPTH_REPEAT} subtrees of that depth. The root
 * always is an internal node, even for a one-chunk or empty file, and its dag-pb leaves carry UnixFS type
 * {@code Raw} (balanced uses {@code File}): both as Kubo builds them.
 */
final class TrickleLayout {
    static final int DEPTH_REPEAT = 4;

    private final LeafPipeline leaves;
    private final BlockFactory factory;
    private final BlockSink sink;
    private final int maxLinks;

    TrickleLayout(LeafPipeline leaves, BlockFactory factory, BlockSink sink, int maxLinks) {
        this.leaves = leaves;
        this.factory = factory;
        this.sink = sink;
        this.maxLinks = maxLinks;
    }

    FileLink build() throws IOException {
        return fill(-1);
    }

    /** Fills one node whose subtrees are shallower than {@code maxDepth} ({@code -1}: unbounded, the root). */
    private FileLink fill(int maxDepth) throws IOException {
        List<FileLink> children = new ArrayList<>();
        while (children.size() < maxLinks && !leaves.done()) {
            children.add(leaves.next());
        }
        for (int depth = 1; maxDepth == -1 || depth < maxDepth; depth++) {
            if (leaves.done()) {
                break;
            }
            for (int repeat = 0; repeat < DEPTH_REPEAT && !leaves.done(); repeat++) {
                children.add(fill(depth));
            }
        }
        BlockFactory.Leaf node = factory.fileNode(children);
        sink.put(node.block());
        return node.link();
    }
}
