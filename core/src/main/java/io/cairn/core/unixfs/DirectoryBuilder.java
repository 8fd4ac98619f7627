package io.cairn.core.unixfs;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Lays out one UnixFS directory from its complete list of entries: a single plain directory node, or, when the
 * size estimate is over the threshold, a HAMT-sharded directory. The output is byte-identical to Kubo's (boxo
 * {@code ipld/unixfs/io} and {@code hamt}) and ipfs-unixfs-importer's for the same settings; the findings behind
 * each choice are in docs/unixfs-sharding.md.
 *
 * <p>Instances are immutable settings; each {@code with}-style method returns a changed copy, so one instance can
 * be shared by concurrent imports. Defaults ({@link #create()}): CIDv0 with sha2-256, a 262,144-byte threshold
 * estimated as {@link ShardSizeEstimation#LINKS_BYTES} and compared with {@code >}, fanout 256, no mode or mtime.
 * That is Kubo 0.40's default and ipfs-unixfs-importer 17's default, and the {@code unixfs-v0-2015} profile.
 *
 * <p>Entries are ordered by the unsigned bytes of their UTF-8 names (the DAG-PB spec's order, which is not
 * {@link String#compareTo}'s UTF-16 order), whatever order they arrive in; so any permutation of the same entries
 * gives the same root.
 */
public final class DirectoryBuilder {
    /** The default sharding threshold, 256 KiB, used by Kubo, ipfs-unixfs-importer and both IPIP-499 profiles. */
    public static final long DEFAULT_SHARDING_THRESHOLD = 262_144;
    /** The default (and both profiles') HAMT fanout. */
    public static final int DEFAULT_FANOUT = 256;

    private static final Comparator<byte[]> UTF8_ORDER = Arrays::compareUnsigned;

    private final int cidVersion;
    private final HashFunction hashFunction;
    private final long shardingThreshold;
    private final ShardSizeEstimation estimation;
    private final boolean inclusiveThreshold;
    private final int fanout;
    private final Integer mode;
    private final UnixFsMtime mtime;

    private DirectoryBuilder(int cidVersion, HashFunction hashFunction, long shardingThreshold,
            ShardSizeEstimation estimation, boolean inclusiveThreshold, int fanout, Integer mode, UnixFsMtime mtime) {
        this.cidVersion = cidVersion;
        this.hashFunction = hashFunction;
        this.shardingThreshold = shardingThreshold;
        this.estimation = estimation;
        this.inclusiveThreshold = inclusiveThreshold;
        this.fanout = fanout;
        this.mode = mode;
        this.mtime = mtime;
    }

    /** Kubo's and ipfs-unixfs-importer's defaults; the same as {@link #unixfsV0Profile()}. */
    public static DirectoryBuilder create() {
        return new DirectoryBuilder(0, HashFunction.SHA2_256, DEFAULT_SHARDING_THRESHOLD,
                ShardSizeEstimation.LINKS_BYTES, false, DEFAULT_FANOUT, null, null);
    }

    /** IPIP-499 {@code unixfs-v0-2015}: CIDv0, sha2-256, 256 KiB links-bytes, {@code >}, fanout 256. */
    public static DirectoryBuilder unixfsV0Profile() {
        return create();
    }

    /** IPIP-499 {@code unixfs-v1-2025}: CIDv1, sha2-256, 256 KiB block-bytes, {@code >}, fanout 256. */
    public static DirectoryBuilder unixfsV1Profile() {
        return create().cidVersion(1).sizeEstimation(ShardSizeEstimation.BLOCK_BYTES);
    }

    /** CID version of the directory's own blocks (every shard included); 0 requires sha2-256. */
    public DirectoryBuilder cidVersion(int version) {
        if (version != 0 && version != 1) {
            throw new IllegalArgumentException("CID version must be 0 or 1, not " + version);
        }
        checkV0(version, hashFunction);
        return new DirectoryBuilder(version, hashFunction, shardingThreshold, estimation, inclusiveThreshold, fanout,
                mode, mtime);
    }

    /** Hash function of the directory's own blocks. */
    public DirectoryBuilder hashFunction(HashFunction function) {
        Objects.requireNonNull(function, "function");
        if (function == HashFunction.IDENTITY) {
            throw new IllegalArgumentException("directory blocks cannot be named by identity hashes");
        }
        checkV0(cidVersion, function);
        return new DirectoryBuilder(cidVersion, function, shardingThreshold, estimation, inclusiveThreshold, fanout,
                mode, mtime);
    }

    /**
     * The size above which the directory is sharded. 0 shards every non-empty directory (as
     * ipfs-unixfs-importer does with {@code shardSplitThresholdBytes: 0}); {@link Long#MAX_VALUE} never shards
     * (Kubo spells that {@code HAMTShardingSize = 0}).
     */
    public DirectoryBuilder shardingThreshold(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative sharding threshold " + bytes);
        }
        return new DirectoryBuilder(cidVersion, hashFunction, bytes, estimation, inclusiveThreshold, fanout, mode,
                mtime);
    }

    public DirectoryBuilder sizeEstimation(ShardSizeEstimation how) {
        return new DirectoryBuilder(cidVersion, hashFunction, shardingThreshold, Objects.requireNonNull(how),
                inclusiveThreshold, fanout, mode, mtime);
    }

    /**
     * Whether an estimate equal to the threshold already shards ({@code >=}). False by default, as IPIP-499,
     * Kubo 0.40+ and ipfs-unixfs-importer compare with {@code >}; true reproduces Kubo 0.11 to 0.39.
     */
    public DirectoryBuilder inclusiveThreshold(boolean inclusive) {
        return new DirectoryBuilder(cidVersion, hashFunction, shardingThreshold, estimation, inclusive, fanout, mode,
                mtime);
    }

    /** HAMT fanout: a power of two, a multiple of 8, at most 1024 (the UnixFS spec's limits). */
    public DirectoryBuilder fanout(int fanout) {
        if (fanout < 8 || fanout > 1024 || Integer.bitCount(fanout) != 1) {
            throw new IllegalArgumentException("HAMT fanout must be a power of two in 8..1024, not " + fanout);
        }
        return new DirectoryBuilder(cidVersion, hashFunction, shardingThreshold, estimation, inclusiveThreshold,
                fanout, mode, mtime);
    }

    /**
     * The {@code mode} written in the directory's (or the HAMT root's) data, or {@code null} for none. It is
     * written whenever set: Kubo writes any non-zero mode, while ipfs-unixfs omits a directory mode equal to its
     * default {@code 0755}; callers reproducing ipfs-unixfs pass {@code null} for {@code 0755}.
     */
    public DirectoryBuilder mode(Integer mode) {
        return new DirectoryBuilder(cidVersion, hashFunction, shardingThreshold, estimation, inclusiveThreshold,
                fanout, mode, mtime);
    }

    /** The {@code mtime} of the directory (or HAMT root), or {@code null} for none. */
    public DirectoryBuilder mtime(UnixFsMtime mtime) {
        return new DirectoryBuilder(cidVersion, hashFunction, shardingThreshold, estimation, inclusiveThreshold,
                fanout, mode, mtime);
    }

    public int cidVersion() {
        return cidVersion;
    }

    public HashFunction hashFunction() {
        return hashFunction;
    }

    public long shardingThreshold() {
        return shardingThreshold;
    }

    public ShardSizeEstimation sizeEstimation() {
        return estimation;
    }

    public boolean inclusiveThreshold() {
        return inclusiveThreshold;
    }

    public int fanout() {
        return fanout;
    }

    /**
     * Builds the directory, puts every block it consists of (one node, or every shard of the HAMT, children before
     * parents) into {@code sink}, and returns the link a parent would hold: {@code dirName}, the root CID and the
     * directory's cumulative size (its blocks plus the entries' Tsizes).
     *
     * @param dirName the name for the returned entry (not written into any block)
     * @param entries the children, in any order
     * @throws IllegalArgumentException for duplicate names, an empty name or a name containing {@code '/'}
     * @throws IOException when the sink fails
     */
    public DirectoryEntry build(String dirName, List<DirectoryEntry> entries, BlockSink sink) throws IOException {
        return build(dirName, entries, e -> true, sink);
    }

    /**
     * Like {@link #build(String, List, BlockSink)}, but only the entries {@code inEstimate} accepts count toward
     * the size estimate. ipfs-unixfs-importer leaves subdirectories out of its estimate (it estimates while the
     * subdirectory is still unbuilt and has no CID); pass {@code e -> !isSubdirectory(e)} to reproduce it. Kubo
     * counts every entry, which is what the three-argument form does.
     */
    public DirectoryEntry build(String dirName, List<DirectoryEntry> entries,
            Predicate<? super DirectoryEntry> inEstimate, BlockSink sink) throws IOException {
        List<Named> sorted = sortedEntries(entries);
        PbNode plain = plainNode(sorted);
        if (!shouldShard(sorted, inEstimate)) {
            return emit(dirName, plain, sumTsize(sorted), sink);
        }
        return new HamtShardBuilder(this, sink).buildRoot(dirName, sorted);
    }

    /** Whether {@code entries} would be laid out as a HAMT; nothing is built. */
    public boolean wouldShard(List<DirectoryEntry> entries) {
        return shouldShard(sortedEntries(entries), e -> true);
    }

    /** The size estimate compared with the threshold, under this builder's estimation mode. */
    public long estimateSize(List<DirectoryEntry> entries) {
        return estimate(sortedEntries(entries), e -> true);
    }

    /** An empty directory is never sharded: Kubo and the importer only reconsider on adding an entry. */
    private boolean shouldShard(List<Named> sorted, Predicate<? super DirectoryEntry> inEstimate) {
        if (sorted.isEmpty()) {
            return false;
        }
        long size = estimate(sorted, inEstimate);
        return inclusiveThreshold ? size >= shardingThreshold : size > shardingThreshold;
    }

    /**
     * links-bytes: the sum of name and CID lengths. block-bytes: the plain node's encoded length, computed as its
     * data field plus each counted link's encoded size, which is exactly {@link DagPb#encodedSize} of the node when
     * every entry counts.
     */
    private long estimate(List<Named> sorted, Predicate<? super DirectoryEntry> inEstimate) {
        boolean block = estimation == ShardSizeEstimation.BLOCK_BYTES;
        long size = block ? DagPb.encodedSize(new PbNode(List.of(), directoryData())) : 0;
        for (Named n : sorted) {
            DirectoryEntry e = n.entry;
            if (!inEstimate.test(e)) {
                continue;
            }
            size += block ? DagPb.encodedLinkSize(PbLink.of(e.cid(), e.name(), e.tsize()))
                    : n.utf8.length + e.cid().byteLength();
        }
        return size;
    }

    private byte[] directoryData() {
        return UnixFsData.builder(UnixFsType.DIRECTORY).mode(mode).mtime(mtime).build().toBytes();
    }

    private PbNode plainNode(List<Named> sorted) {
        List<PbLink> links = new ArrayList<>(sorted.size());
        for (Named n : sorted) {
            links.add(PbLink.of(n.entry.cid(), n.entry.name(), n.entry.tsize()));
        }
        return new PbNode(links, directoryData());
    }

    /** Encodes, names and stores {@code node}; its Tsize is its length plus {@code childTsize}. */
    DirectoryEntry emit(String name, PbNode node, long childTsize, BlockSink sink) throws IOException {
        byte[] bytes = DagPb.encode(node);
        Cid cid = Cid.of(cidVersion, Multicodec.DAG_PB, hashFunction, bytes);
        sink.put(new Block(cid, bytes));
        return new DirectoryEntry(name, cid, Math.addExact(childTsize, bytes.length));
    }

    Integer mode() {
        return mode;
    }

    UnixFsMtime mtime() {
        return mtime;
    }

    static long sumTsize(List<Named> entries) {
        long sum = 0;
        for (Named n : entries) {
            sum = Math.addExact(sum, n.entry.tsize());
        }
        return sum;
    }

    private static List<Named> sortedEntries(List<DirectoryEntry> entries) {
        List<Named> named = new ArrayList<>(entries.size());
        for (DirectoryEntry e : entries) {
            String name = e.name();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("directory entry with an empty name");
            }
            if (name.indexOf('/') >= 0) {
                throw new IllegalArgumentException("directory entry name contains '/': " + name);
            }
            named.add(new Named(e, utf8(name)));
        }
        named.sort((a, b) -> UTF8_ORDER.compare(a.utf8, b.utf8));
        for (int i = 1; i < named.size(); i++) {
            if (Arrays.equals(named.get(i - 1).utf8, named.get(i).utf8)) {
                throw new IllegalArgumentException("duplicate directory entry name '" + named.get(i).entry.name()
                        + "'");
            }
        }
        return named;
    }

    private static byte[] utf8(String name) {
        // PbLink checks well-formedness with a strict encoder; getBytes would silently turn a lone surrogate
        // into '?', so check here too before names are compared.
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("directory entry name has an unpaired surrogate: " + name);
            }
        }
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static void checkV0(int version, HashFunction function) {
        if (version == 0 && function != HashFunction.SHA2_256) {
            throw new IllegalArgumentException("CIDv0 needs sha2-256, not " + function.hashName());
        }
    }

    /** An entry with its name's UTF-8 bytes, computed once for sorting, estimating and hashing. */
    record Named(DirectoryEntry entry, byte[] utf8) {
    }
}
