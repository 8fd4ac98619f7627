/**
 * UnixFS v1 (with the 1.5 {@code mode}/{@code mtime} fields) over DAG-PB: the {@code Data} message
 * ({@link io.cairn.core.unixfs.UnixFsData}, compiled from {@code unixfs.proto}) and
 * {@link io.cairn.core.unixfs.DirectoryBuilder}, which lays out directories, plain and HAMT-sharded, byte for byte
 * as Kubo (boxo) and ipfs-unixfs-importer do.
 *
 * <p>Sharding in brief (details and sources in {@code docs/unixfs-sharding.md}): a directory becomes a HAMT when
 * its size estimate is strictly greater than 256 KiB. The estimate is IPIP-499's "links-bytes" (sum of UTF-8 name
 * and CID lengths; Kubo's and the JS importer's default and the {@code unixfs-v0-2015} profile) or "block-bytes"
 * (the plain node's exact encoded size; the {@code unixfs-v1-2025} profile). Kubo 0.11 to 0.39 compared with
 * {@code >=}. The HAMT hashes names with murmur3-x64-64 ({@code h1} of MurmurHash3_x64_128, read from its top
 * bit), fanout 256, links named by two upper-case hex digits of the bucket, followed by the entry name for
 * entries.
 */
package io.cairn.core.unixfs;
