package io.cairn.storage.rocks;

/** How an add or {@link Pinner#add} pins its root. */
public enum PinMode {
    /** Not pinned: the blocks are kept until the next garbage collection. */
    NONE,
    /** Only the root block is kept. */
    DIRECT,
    /** The root and every block reachable from it through dag-pb links are kept. */
    RECURSIVE
}
