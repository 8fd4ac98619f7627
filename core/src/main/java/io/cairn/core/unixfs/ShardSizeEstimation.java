package io.cairn.core.unixfs;

/**
 * How a directory's size is estimated when deciding whether it becomes a HAMT; IPIP-499's names. See
 * docs/unixfs-sharding.md for where each implementation and profile stands.
 */
public enum ShardSizeEstimation {
    /**
     * Sum over the entries of the UTF-8 name length plus the CID's byte length, ignoring Tsize, protobuf framing
     * and the directory's own data. Kubo's default (boxo {@code SizeEstimationLinks}), ipfs-unixfs-importer's
     * default ({@code shardSplitStrategy: 'links-bytes'}), and the {@code unixfs-v0-2015} profile.
     */
    LINKS_BYTES,
    /**
     * The exact encoded size of the plain directory block, including Tsize varints, protobuf framing and the
     * UnixFS data (type, mode, mtime). boxo {@code SizeEstimationBlock}, ipfs-unixfs-importer
     * {@code 'block-bytes'}, and the {@code unixfs-v1-2025} profile.
     */
    BLOCK_BYTES
}
