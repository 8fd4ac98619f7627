package io.cairn.core.multiformats;

/**
 * The multicodec table entries Cairn names. A {@link Cid} carries its codec as a plain code, so CIDs with codecs
 * not listed here still parse and print; this enum gives names to the ones the code acts on.
 */
public enum Multicodec {
    IDENTITY(0x00, "identity"),
    SHA1(0x11, "sha1"),
    SHA2_256(0x12, "sha2-256"),
    SHA2_512(0x13, "sha2-512"),
    BLAKE3(0x1e, "blake3"),
    MURMUR3_X64_64(0x22, "murmur3-x64-64"),
    CBOR(0x51, "cbor"),
    RAW(0x55, "raw"),
    DAG_PB(0x70, "dag-pb"),
    DAG_CBOR(0x71, "dag-cbor"),
    LIBP2P_KEY(0x72, "libp2p-key"),
    JSON(0x0200, "json"),
    DAG_JSON(0x0129, "dag-json"),
    CAR(0x0202, "car");

    private final long code;
    private final String codecName;

    Multicodec(long code, String codecName) {
        this.code = code;
        this.codecName = codecName;
    }

    public long code() {
        return code;
    }

    /** The name as the multicodec table writes it, e.g. {@code dag-pb}. */
    public String codecName() {
        return codecName;
    }

    /** The entry for {@code code}, or {@code null} when Cairn has no name for it. */
    public static Multicodec forCode(long code) {
        for (Multicodec m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }

    /** The entry named {@code name}; throws {@link IllegalArgumentException} for an unknown name. */
    public static Multicodec forName(String name) {
        for (Multicodec m : values()) {
            if (m.codecName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown multicodec '" + name + "'");
    }

    /** The table name for {@code code}, or {@code 0x..} when it has none here. */
    public static String nameOf(long code) {
        Multicodec m = forCode(code);
        return m != null ? m.codecName : "0x" + Long.toHexString(code);
    }
}
