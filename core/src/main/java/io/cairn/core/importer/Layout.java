package io.cairn.core.importer;

/** How a file's leaves are arranged under its root. */
public enum Layout {
    /** All leaves at the same depth, nodes filled left to right (Kubo's default; IPIP-499 "balanced"). */
    BALANCED,
    /** Kubo's trickle DAG: leaves first, then layers of deeper subtrees, four per depth. */
    TRICKLE
}
