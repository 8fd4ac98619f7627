package io.cairn.core.importer;

import io.cairn.core.block.BlockSink;
import io.cairn.core.chunker.Chunker;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.io.InputStream;

/**
 * Builds the UnixFS DAG of one file in a single streaming pass. Blocks reach the sink children first, parents
 * after, on the calling thread; leaves are hashed on all cores in between.
 */
public final class FileDagBuilder {
    private FileDagBuilder() {}

    /** Imports {@code in} (read to its end, not closed) and returns the root link. */
    public static FileLink build(InputStream in, ImportOptions options, BlockSink sink) throws IOException {
        BlockFactory factory = new BlockFactory(options);
        Chunker chunker = options.chunker().open(in);
        boolean trickle = options.layout() == Layout.TRICKLE;
        LeafPipeline leaves = new LeafPipeline(chunker, options.chunker().maxChunkSize(), factory,
                trickle ? UnixFsType.RAW : UnixFsType.FILE, sink);
        boolean ok = false;
        try {
            FileLink root = trickle
                    ? new TrickleLayout(leaves, factory, sink, options.maxLinks()).build()
                    : new BalancedLayout(leaves, factory, sink, options.maxLinks()).build();
            ok = true;
            return root;
        } finally {
            if (!ok) {
                leaves.cancel();
            }
        }
    }
}
