package io.cairn.network.bitswap;

import java.util.List;

/**
 * The Bitswap protocol versions, newest first. What each can carry decides how a message is encoded for a peer:
 * 1.0.0 has raw {@code blocks} named by CIDv0 only, 1.1.0 adds {@code payload} with CID prefixes, 1.2.0 adds
 * want-have, send-dont-have and block presences.
 */
public enum BitswapVersion {
    V1_2_0("/ipfs/bitswap/1.2.0"),
    V1_1_0("/ipfs/bitswap/1.1.0"),
    V1_0_0("/ipfs/bitswap/1.0.0");

    /** Protocol IDs in order of preference, as proposed when opening a stream. */
    public static final List<String> PROTOCOL_IDS = List.of(V1_2_0.id, V1_1_0.id, V1_0_0.id);

    private final String id;

    BitswapVersion(String id) {
        this.id = id;
    }

    public String protocolId() {
        return id;
    }

    /** Whether this version has want-have, send-dont-have and HAVE/DONT_HAVE presences. */
    public boolean hasPresences() {
        return this == V1_2_0;
    }

    /** The version negotiated as {@code protocolId}, or {@code null} for a protocol that is not Bitswap. */
    public static BitswapVersion of(String protocolId) {
        for (BitswapVersion v : values()) {
            if (v.id.equals(protocolId)) {
                return v;
            }
        }
        return null;
    }
}
