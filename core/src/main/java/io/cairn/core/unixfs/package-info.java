/**
 * UnixFS v1 (with the 1.5 {@code mode}/{@code mtime} fields) over DAG-PB: the {@code Data} message
 * ({@link io.cairn.core.unixfs.UnixFsData}, compiled from {@code unixfs.proto}) and the builders that lay out
 * directories, plain and HAMT-sharded, byte for byte as Kubo (boxo) and ipfs-unixfs-importer do.
 */
package io.cairn.core.unixfs;
