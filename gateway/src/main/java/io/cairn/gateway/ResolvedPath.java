package io.cairn.gateway;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.reader.NoSuchPathException;
import io.cairn.core.reader.UnixFsReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A content path resolved through UnixFS directories (plain and HAMT), one segment at a time.
 *
 * @param end the CID the whole path names
 * @param roots the logical roots: the root CID, then the CID each segment resolved to ({@code X-Ipfs-Roots})
 * @param pathBlocks the blocks read to resolve the segments (directories and the HAMT shards on the way), in order;
 *     filled only when asked for (CAR responses carry them)
 */
record ResolvedPath(Cid end, List<Cid> roots, List<Block> pathBlocks) {
    static ResolvedPath resolve(BlockSource source, Cid root, List<String> segments, boolean keepBlocks)
            throws IOException {
        return resolve(source, root, segments, keepBlocks, null);
    }

    /**
     * As above, looking plain directories up in {@code directories} when it is not null. A resolution that keeps
     * its blocks reads every one of them and so never uses the cache.
     */
    static ResolvedPath resolve(BlockSource source, Cid root, List<String> segments, boolean keepBlocks,
            DirectoryCache directories) throws IOException {
        BlockSources.Recording recording = keepBlocks ? new BlockSources.Recording(source) : null;
        UnixFsReader reader = new UnixFsReader(keepBlocks ? recording : source);
        List<Cid> roots = new ArrayList<>();
        roots.add(root);
        Cid current = root;
        for (String segment : segments) {
            if (!current.isCodec(Multicodec.DAG_PB)) {
                throw new NoSuchPathException("cannot resolve \"" + segment + "\" under " + current + ": a "
                        + Multicodec.nameOf(current.codec()) + " block has no UnixFS entries");
            }
            current = directories != null && !keepBlocks ? directories.lookup(reader, current, segment)
                    : reader.lookup(current, segment);
            roots.add(current);
        }
        return new ResolvedPath(current, List.copyOf(roots),
                keepBlocks ? recording.blocks() : List.of());
    }

    /** The {@code X-Ipfs-Roots} value. */
    String rootsHeader() {
        StringBuilder sb = new StringBuilder();
        for (Cid c : roots) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(CidTexts.text(c));
        }
        return sb.toString();
    }
}
