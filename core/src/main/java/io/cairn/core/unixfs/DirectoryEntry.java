package io.cairn.core.unixfs;

import io.cairn.core.multiformats.Cid;
import java.util.Objects;

/**
 * One named child of a UnixFS directory, as its parent links to it.
 *
 * @param name the link name; any well-formed string (it is written as UTF-8)
 * @param cid the child's root CID
 * @param tsize the child's cumulative size (its link's {@code Tsize}): the bytes of every block in the child's DAG,
 *     which for a raw leaf is its length and for a dag-pb node is its encoded length plus its own links' Tsizes
 */
public record DirectoryEntry(String name, Cid cid, long tsize) {
    public DirectoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cid, "cid");
        if (tsize < 0) {
            throw new IllegalArgumentException("negative tsize " + tsize + " for '" + name + "'");
        }
    }
}
