package io.cairn.core.unixfs;

/** The UnixFS {@code Data.Type} values, with their protobuf numbers. */
public enum UnixFsType {
    /** Deprecated: data wrapped in dag-pb; new DAGs use raw-codec blocks instead. Read for compatibility. */
    RAW(0),
    DIRECTORY(1),
    FILE(2),
    /** Reserved by the spec; no implementation produces it. */
    METADATA(3),
    SYMLINK(4),
    HAMT_SHARD(5);

    private final int number;

    UnixFsType(int number) {
        this.number = number;
    }

    /** The value on the wire. */
    public int number() {
        return number;
    }

    /** Whether nodes of this type are directories (plain or sharded). */
    public boolean isDirectory() {
        return this == DIRECTORY || this == HAMT_SHARD;
    }

    /** The type with wire value {@code number}, or {@code null} when there is none. */
    public static UnixFsType forNumber(int number) {
        for (UnixFsType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }
}
