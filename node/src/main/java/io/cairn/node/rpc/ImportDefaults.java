package io.cairn.node.rpc;

import io.cairn.core.FormatException;
import io.cairn.core.chunker.ChunkerSpec;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.Layout;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.storage.repo.ImportConfig;

/**
 * The config's {@code Import.*} keys as defaults of an add, one rule for both paths: {@code cairn add} on the
 * repository and {@code add} through the daemon's RPC API. They are set on a builder before the add's own flags,
 * which then win; a profile replaces them all (Kubo: a profile sets every CID-changing value itself). Settings this
 * importer cannot honour are refused rather than silently giving other CIDs than Kubo would.
 */
public final class ImportDefaults {
    private ImportDefaults() {}

    /** A config value the importer refuses; the message names the key and is what the user sees. */
    public static final class InvalidImportConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidImportConfigException(String message) {
            super(message);
        }
    }

    /**
     * Sets {@code config}'s values on {@code b} (the DAG layout included) and returns the layout it names.
     *
     * @throws InvalidImportConfigException for a value the importer cannot honour
     */
    public static Layout apply(ImportOptions.Builder b, ImportConfig config) {
        try {
            if (config.cidVersion() != null) {
                b.cidVersion(config.cidVersion());
            }
            if (config.rawLeaves() != null) {
                b.rawLeaves(config.rawLeaves());
            }
            if (config.chunker() != null) {
                ChunkerSpec.parse(config.chunker());
                b.chunker(config.chunker());
            }
            if (config.hashFunction() != null) {
                b.hash(HashFunction.forName(config.hashFunction()));
            }
            if (config.fileMaxLinks() != null) {
                b.maxLinks(config.fileMaxLinks());
            }
            if (config.hamtSizeThreshold() != null) {
                b.shardThreshold(config.hamtSizeThreshold());
            }
        } catch (IllegalArgumentException | FormatException e) {
            throw new InvalidImportConfigException("config Import: " + e.getMessage());
        }
        unsupported("UnixFSDirectoryMaxLinks", config.directoryMaxLinks(), 0);
        unsupported("UnixFSHAMTDirectoryMaxFanout", config.hamtMaxFanout(), 256);
        unsupported("UnixFSHAMTDirectorySizeEstimation", config.hamtSizeEstimation(), "links");
        Layout layout;
        if (config.dagLayout() == null || config.dagLayout().equals("balanced")) {
            layout = Layout.BALANCED;
        } else if (config.dagLayout().equals("trickle")) {
            layout = Layout.TRICKLE;
        } else {
            throw new InvalidImportConfigException("config Import.UnixFSDAGLayout: unknown layout '"
                    + config.dagLayout() + "' (balanced or trickle)");
        }
        b.layout(layout);
        return layout;
    }

    private static void unsupported(String key, Object value, Object kuboDefault) {
        if (value != null && !value.equals(kuboDefault)) {
            throw new InvalidImportConfigException("config Import." + key + " = " + value + " is not supported by "
                    + "cairn add yet (only Kubo's default, " + kuboDefault + "); unset it with `cairn config --json "
                    + "Import." + key + " null`");
        }
    }
}
