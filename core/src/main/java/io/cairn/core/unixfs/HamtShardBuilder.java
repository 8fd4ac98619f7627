package io.cairn.core.unixfs;

import io.cairn.core.block.BlockSink;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Builds a UnixFS HAMT-sharded directory from its complete, sorted, duplicate-free entry list.
 *
 * <p>The trie is canonical, as in boxo's {@code hamt.Shard} and hamt-sharding's {@code Bucket}: at each level an
 * entry goes to bucket {@code next log2(fanout) bits of its name's hash}; a bucket holding one entry links to it
 * directly under the name {@code HEX(bucket) + entryName}, and a bucket holding several becomes a child shard
 * linked as {@code HEX(bucket)} alone. So the result depends only on the set of entries, never on their order.
 * Bucket prefixes are upper-case hex, zero-padded to the width of {@code fanout - 1} (2 characters for 256).
 *
 * <p>Each shard's UnixFS data is {@code Type=HAMTShard, Data=bitfield, hashType=0x22, fanout}; only the root
 * carries the directory's mode and mtime (boxo's {@code SetStat} and the importer's {@code shardRoot} both set
 * them on the root alone). The bitfield is the big-endian integer with bit {@code i} set for each occupied bucket
 * {@code i}, without leading zero bytes (go-bitfield's {@code Bytes()}; hamt-sharding's reversed, trailing-zero
 * trimmed {@code bitField()}). A shard link's Tsize is the child shard's block length plus its links' Tsizes.
 *
 * <p>The hash bits of a name are the 64-bit {@link Murmur3#hamtHash64} of its UTF-8 bytes, most significant bit
 * first. When two names agree on all 64 bits, boxo gives up ("sharded directory too deep") while hamt-sharding
 * continues with the hash of {@code name || depth byte} (depth 1, 2, ...); this class does the latter, so it can
 * build every directory either implementation can, matching the importer where they differ.
 */
final class HamtShardBuilder {
    /** Multicodec of murmur3-x64-64, the only hash UnixFS HAMTs use. */
    static final long MURMUR3_X64_64 = 0x22;

    private final DirectoryBuilder config;
    private final BlockSink sink;
    private final int bitsPerLevel;
    private final String prefixFormat;

    HamtShardBuilder(DirectoryBuilder config, BlockSink sink) {
        this.config = config;
        this.sink = sink;
        int fanout = config.fanout();
        this.bitsPerLevel = Integer.numberOfTrailingZeros(fanout);
        this.prefixFormat = "%0" + Integer.toHexString(fanout - 1).length() + "X";
    }

    DirectoryEntry buildRoot(String dirName, List<DirectoryBuilder.Named> entries) throws IOException {
        List<Hashed> hashed = new ArrayList<>(entries.size());
        for (DirectoryBuilder.Named n : entries) {
            hashed.add(new Hashed(n, new HashBits(n.utf8())));
        }
        return shard(dirName, hashed, 0, true);
    }

    private DirectoryEntry shard(String name, List<Hashed> entries, int level, boolean root) throws IOException {
        int fanout = config.fanout();
        List<Slot> slots = new ArrayList<>(entries.size());
        for (Hashed h : entries) {
            slots.add(new Slot(h.bits().take(level * bitsPerLevel, bitsPerLevel), h));
        }
        slots.sort(Comparator.comparingInt(Slot::bucket));
        byte[] bitfield = new byte[fanout / 8];
        List<PbLink> links = new ArrayList<>();
        long childTsize = 0;
        for (int i = 0; i < slots.size(); ) {
            int bucket = slots.get(i).bucket();
            int j = i;
            List<Hashed> group = new ArrayList<>();
            while (j < slots.size() && slots.get(j).bucket() == bucket) {
                group.add(slots.get(j).hashed());
                j++;
            }
            bitfield[bitfield.length - 1 - bucket / 8] |= (byte) (1 << (bucket % 8));
            String prefix = String.format(Locale.ROOT, prefixFormat, bucket);
            if (group.size() == 1) {
                DirectoryEntry e = group.get(0).named().entry();
                links.add(PbLink.of(e.cid(), prefix + e.name(), e.tsize()));
                childTsize = Math.addExact(childTsize, e.tsize());
            } else {
                DirectoryEntry child = shard(prefix, group, level + 1, false);
                links.add(PbLink.of(child.cid(), prefix, child.tsize()));
                childTsize = Math.addExact(childTsize, child.tsize());
            }
            i = j;
        }
        UnixFsData.Builder data = UnixFsData.builder(UnixFsType.HAMT_SHARD)
                .data(withoutLeadingZeros(bitfield))
                .hashType(MURMUR3_X64_64)
                .fanout((long) fanout);
        if (root) {
            data.mode(config.mode()).mtime(config.mtime());
        }
        return config.emit(name, new PbNode(links, data.build().toBytes()), childTsize, sink);
    }

    /**
     * An all-zero bitfield would be written as no Data at all, as go-bitfield and hamt-sharding both give empty
     * bytes for it; it cannot occur here because empty directories are never sharded.
     */
    private static byte[] withoutLeadingZeros(byte[] bitfield) {
        for (int i = 0; i < bitfield.length; i++) {
            if (bitfield[i] != 0) {
                return Arrays.copyOfRange(bitfield, i, bitfield.length);
            }
        }
        return null;
    }

    private record Hashed(DirectoryBuilder.Named named, HashBits bits) {
    }

    private record Slot(int bucket, Hashed hashed) {
    }

    /**
     * The infinite bit stream of a name: {@code h(0) h(1) ...} where {@code h(0)} hashes the name and {@code h(d)}
     * hashes the name followed by the byte {@code d}, each read from its most significant bit.
     */
    static final class HashBits {
        private final byte[] utf8;
        private long[] chunks = new long[0];

        HashBits(byte[] utf8) {
            this.utf8 = utf8;
        }

        /** Bits {@code [from, from + count)} of the stream as an unsigned integer, first bit most significant. */
        int take(int from, int count) {
            int v = 0;
            for (int p = from; p < from + count; p++) {
                long chunk = chunk(p / 64);
                v = (v << 1) | (int) ((chunk >>> (63 - p % 64)) & 1);
            }
            return v;
        }

        private long chunk(int depth) {
            while (chunks.length <= depth) {
                int d = chunks.length;
                byte[] input = utf8;
                if (d > 0) {
                    input = Arrays.copyOf(utf8, utf8.length + 1);
                    input[utf8.length] = (byte) d;
                }
                chunks = Arrays.copyOf(chunks, d + 1);
                chunks[d] = Murmur3.hamtHash64(input);
            }
            return chunks[depth];
        }
    }
}
