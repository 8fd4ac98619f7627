package io.cairn.core.unixfs;

import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory entries ipfs-unixfs-importer makes for single-chunk files: a raw CIDv1 leaf when
 * {@code rawLeaves}, else a dag-pb UnixFS file node with the data inline, named with the given CID version. The
 * Tsize is the block's length either way.
 */
final class TinyFiles {
    private TinyFiles() {}

    static DirectoryEntry file(String name, String content, int cidVersion, boolean rawLeaves) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (rawLeaves) {
            return new DirectoryEntry(name, Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, bytes), bytes.length);
        }
        byte[] block = DagPb.encode(PbNode.ofData(UnixFsData.file(bytes).toBytes()));
        return new DirectoryEntry(name, Cid.of(cidVersion, Multicodec.DAG_PB, HashFunction.SHA2_256, block),
                block.length);
    }

    /** Files {@code f0 .. f<n-1>} holding their index as text, plus an optional {@code extra} file holding "x". */
    static List<DirectoryEntry> files(int n, int cidVersion, boolean rawLeaves, String extra) {
        List<DirectoryEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(file("f" + i, Integer.toString(i), cidVersion, rawLeaves));
        }
        if (extra != null) {
            out.add(file(extra, "x", cidVersion, rawLeaves));
        }
        return out;
    }
}
