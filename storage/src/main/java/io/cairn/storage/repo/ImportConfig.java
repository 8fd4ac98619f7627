package io.cairn.storage.repo;

/**
 * The config's {@code Import} section as Kubo names its keys: the defaults {@code add} uses for each setting the
 * command line leaves unset. A component is {@code null} when the key is absent or null (Kubo's "default").
 *
 * @param cidVersion {@code Import.CidVersion}
 * @param rawLeaves {@code Import.UnixFSRawLeaves}
 * @param chunker {@code Import.UnixFSChunker}, e.g. {@code size-262144}
 * @param hashFunction {@code Import.HashFunction}, a multihash name such as {@code sha2-256}
 * @param fileMaxLinks {@code Import.UnixFSFileMaxLinks}
 * @param directoryMaxLinks {@code Import.UnixFSDirectoryMaxLinks}
 * @param hamtMaxFanout {@code Import.UnixFSHAMTDirectoryMaxFanout}
 * @param hamtSizeThreshold {@code Import.UnixFSHAMTDirectorySizeThreshold} in bytes
 * @param hamtSizeEstimation {@code Import.UnixFSHAMTDirectorySizeEstimation}: {@code links}, {@code block}, ...
 * @param dagLayout {@code Import.UnixFSDAGLayout}: {@code balanced} or {@code trickle}
 */
public record ImportConfig(Integer cidVersion, Boolean rawLeaves, String chunker, String hashFunction,
        Integer fileMaxLinks, Integer directoryMaxLinks, Integer hamtMaxFanout, Long hamtSizeThreshold,
        String hamtSizeEstimation, String dagLayout) {
}
