package io.cairn.core.reader;

import io.cairn.core.multiformats.Cid;

/** One entry of a directory listing: its name, its root CID and the Tsize its parent records. */
public record DirectoryItem(String name, Cid cid, long tsize) {}
