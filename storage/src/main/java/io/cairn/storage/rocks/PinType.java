package io.cairn.storage.rocks;

/** The kinds of pin {@link Pinner} reports, and {@link #ALL} to list every kind. */
public enum PinType {
    RECURSIVE,
    DIRECT,
    /** Reachable from a recursive pin without being one. */
    INDIRECT,
    /** Only as an argument to {@link Pinner#list}: every kind. */
    ALL
}
