package io.cairn.core.importer;

/**
 * The IPIP-499 UnixFS CID profiles: named presets of every setting that changes a CID. A profile plays the part
 * of Kubo's {@code Import.*} config values: explicit settings on {@link ImportOptions.Builder} override it.
 */
public enum ImportProfile {
    /** Kubo's historical defaults: CIDv0, dag-pb leaves, 256 KiB chunks, 174 links, links-bytes HAMT estimate. */
    UNIXFS_V0_2015("unixfs-v0-2015", 0, false, "size-262144", 174, false),
    /** CIDv1, raw leaves, 1 MiB chunks, 1024 links, block-bytes HAMT estimate. */
    UNIXFS_V1_2025("unixfs-v1-2025", 1, true, "size-1048576", 1024, true);

    private final String profileName;
    private final int cidVersion;
    private final boolean rawLeaves;
    private final String chunker;
    private final int maxLinks;
    private final boolean blockBytesShardEstimate;

    ImportProfile(String profileName, int cidVersion, boolean rawLeaves, String chunker, int maxLinks,
            boolean blockBytesShardEstimate) {
        this.profileName = profileName;
        this.cidVersion = cidVersion;
        this.rawLeaves = rawLeaves;
        this.chunker = chunker;
        this.maxLinks = maxLinks;
        this.blockBytesShardEstimate = blockBytesShardEstimate;
    }

    /** The name IPIP-499 and Kubo give it, e.g. {@code unixfs-v1-2025}. */
    public String profileName() {
        return profileName;
    }

    public static ImportProfile forName(String name) {
        for (ImportProfile p : values()) {
            if (p.profileName.equals(name) || ("legacy-cid-v0".equals(name) && p == UNIXFS_V0_2015)) {
                return p;
            }
        }
        throw new InvalidImportOptionsException("unknown profile '" + name + "' (expected unixfs-v0-2015 or "
                + "unixfs-v1-2025)");
    }

    int cidVersion() {
        return cidVersion;
    }

    boolean rawLeaves() {
        return rawLeaves;
    }

    String chunker() {
        return chunker;
    }

    int maxLinks() {
        return maxLinks;
    }

    boolean blockBytesShardEstimate() {
        return blockBytesShardEstimate;
    }
}
