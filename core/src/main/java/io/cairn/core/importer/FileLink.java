package io.cairn.core.importer;

import io.cairn.core.multiformats.Cid;

/**
 * The root of an imported file or directory, as a parent links to it.
 *
 * @param cid the root block's CID
 * @param fileSize bytes of file content under it (UnixFS {@code filesize}; 0 for directories)
 * @param tsize cumulative size: the root block's length plus the {@code tsize} of every child (DAG-PB {@code Tsize})
 */
public record FileLink(Cid cid, long fileSize, long tsize) {}
