package io.cairn.core.importer;

import io.cairn.core.chunker.ChunkerSpec;
import io.cairn.core.multiformats.HashFunction;

/**
 * Every setting that decides the CIDs of an import, resolved the way Kubo resolves {@code ipfs add} flags
 * against its {@code Import.*} config (here: an optional {@link ImportProfile}):
 * <ul>
 *   <li>a hash other than sha2-256 implies CIDv1, and CIDv0 with such a hash is refused, whether it was set
 *       explicitly or by a profile (Kubo treats {@code Import.CidVersion} from its config as set);</li>
 *   <li>CIDv1 turns raw leaves on unless raw leaves were set explicitly;</li>
 *   <li>raw leaves under CIDv0 are still CIDv1 {@code raw} blocks (only dag-pb has a v0 form).</li>
 * </ul>
 */
public final class ImportOptions {
    /** Kubo's HAMT switch threshold, 256 KiB. */
    public static final long DEFAULT_SHARD_THRESHOLD = 262_144;

    private final int cidVersion;
    private final HashFunction hash;
    private final boolean rawLeaves;
    private final ChunkerSpec chunker;
    private final Layout layout;
    private final int maxLinks;
    private final long shardThreshold;
    private final boolean blockBytesShardEstimate;
    private final boolean includeHidden;
    private final boolean includeEmptyDirs;
    private final boolean wrapWithDirectory;

    private ImportOptions(Builder b, int cidVersion, boolean rawLeaves, ChunkerSpec chunker, int maxLinks,
            boolean blockBytesShardEstimate) {
        this.cidVersion = cidVersion;
        this.hash = b.hash;
        this.rawLeaves = rawLeaves;
        this.chunker = chunker;
        this.layout = b.layout;
        this.maxLinks = maxLinks;
        this.shardThreshold = b.shardThreshold;
        this.blockBytesShardEstimate = blockBytesShardEstimate;
        this.includeHidden = b.includeHidden;
        this.includeEmptyDirs = b.includeEmptyDirs;
        this.wrapWithDirectory = b.wrapWithDirectory;
    }

    /** Kubo's defaults: CIDv0, sha2-256, 256 KiB fixed chunks, balanced, 174 links, dag-pb leaves. */
    public static ImportOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int cidVersion() {
        return cidVersion;
    }

    public HashFunction hash() {
        return hash;
    }

    public boolean rawLeaves() {
        return rawLeaves;
    }

    public ChunkerSpec chunker() {
        return chunker;
    }

    public Layout layout() {
        return layout;
    }

    /** Most links in one file node. */
    public int maxLinks() {
        return maxLinks;
    }

    /** A directory whose estimated size passes this many bytes becomes a HAMT shard. */
    public long shardThreshold() {
        return shardThreshold;
    }

    /** Whether the directory size estimate is the whole encoded block (IPIP-499 "block-bytes") or names + CIDs. */
    public boolean blockBytesShardEstimate() {
        return blockBytesShardEstimate;
    }

    public boolean includeHidden() {
        return includeHidden;
    }

    public boolean includeEmptyDirs() {
        return includeEmptyDirs;
    }

    public boolean wrapWithDirectory() {
        return wrapWithDirectory;
    }

    /** Collects settings; {@code null} means "not set" so that Kubo's implications can apply. */
    public static final class Builder {
        private ImportProfile profile;
        private Integer cidVersion;
        private HashFunction hash = HashFunction.SHA2_256;
        private Boolean rawLeaves;
        private String chunker;
        private Layout layout = Layout.BALANCED;
        private Integer maxLinks;
        private long shardThreshold = DEFAULT_SHARD_THRESHOLD;
        private boolean includeHidden;
        private boolean includeEmptyDirs = true;
        private boolean wrapWithDirectory;

        private Builder() {}

        /** Profile values act as defaults under every explicit setting. */
        public Builder profile(ImportProfile profile) {
            this.profile = profile;
            return this;
        }

        public Builder cidVersion(int version) {
            if (version != 0 && version != 1) {
                throw new InvalidImportOptionsException("unknown CID version: " + version);
            }
            this.cidVersion = version;
            return this;
        }

        public Builder hash(HashFunction hash) {
            this.hash = hash;
            return this;
        }

        public Builder rawLeaves(boolean rawLeaves) {
            this.rawLeaves = rawLeaves;
            return this;
        }

        /** Kubo's {@code --chunker} text: {@code size-N}, {@code rabin[-min-avg-max]}, {@code buzhash}. */
        public Builder chunker(String spec) {
            this.chunker = spec;
            return this;
        }

        public Builder layout(Layout layout) {
            this.layout = layout;
            return this;
        }

        public Builder maxLinks(int maxLinks) {
            if (maxLinks < 2) {
                throw new InvalidImportOptionsException("max links per file node must be at least 2, got "
                        + maxLinks);
            }
            this.maxLinks = maxLinks;
            return this;
        }

        public Builder shardThreshold(long bytes) {
            this.shardThreshold = bytes;
            return this;
        }

        public Builder includeHidden(boolean includeHidden) {
            this.includeHidden = includeHidden;
            return this;
        }

        public Builder includeEmptyDirs(boolean includeEmptyDirs) {
            this.includeEmptyDirs = includeEmptyDirs;
            return this;
        }

        public Builder wrapWithDirectory(boolean wrap) {
            this.wrapWithDirectory = wrap;
            return this;
        }

        public ImportOptions build() {
            Integer version = cidVersion != null ? cidVersion : profile != null ? profile.cidVersion() : null;
            if (hash != HashFunction.SHA2_256) {
                // A profile's CID version counts as set, as Kubo's Import.CidVersion does: unixfs-v0-2015 with
                // another hash is refused, not silently moved to CIDv1.
                if (version != null && version == 0) {
                    throw new InvalidImportOptionsException("CIDv0 only supports sha2-256");
                }
                version = 1;
            } else if (version == null) {
                version = 0;
            }
            boolean raw;
            if (rawLeaves != null) {
                raw = rawLeaves;
            } else if (profile != null) {
                raw = profile.rawLeaves();
            } else {
                raw = version == 1;
            }
            String chunkerText = chunker != null ? chunker : profile != null ? profile.chunker() : "size-262144";
            int links = maxLinks != null ? maxLinks : profile != null ? profile.maxLinks() : 174;
            boolean blockBytes = profile != null && profile.blockBytesShardEstimate();
            return new ImportOptions(this, version, raw, ChunkerSpec.parse(chunkerText), links, blockBytes);
        }
    }
}
