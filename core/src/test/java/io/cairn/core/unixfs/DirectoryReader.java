package io.cairn.core.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what {@link DirectoryBuilder} wrote, independently of it: lists a plain or sharded directory,
 * checking on the way every structural rule of the UnixFS spec (bitfield agrees with the links, prefixes in
 * bucket order, hash type and fanout, Tsizes add up), and looks names up the way a gateway resolves a path.
 */
final class DirectoryReader implements BlockSink {
    private final Map<Cid, byte[]> blocks = new HashMap<>();
    private final Map<Cid, PbNode> decoded = new HashMap<>();

    @Override
    public void put(Block block) {
        assertTrue(block.cid().multihash().matches(block.data()), "block does not hash to its CID");
        blocks.put(block.cid(), block.data());
    }

    int blockCount() {
        return blocks.size();
    }

    long totalBytes() {
        return blocks.values().stream().mapToLong(b -> b.length).sum();
    }

    /** Every entry, in link order; checks the directory's Tsize against the blocks and the entries. */
    List<DirectoryEntry> list(DirectoryEntry root) {
        List<DirectoryEntry> out = new ArrayList<>();
        long tsize = walk(root.cid(), out, true, 0);
        assertEquals(root.tsize(), tsize, "directory Tsize");
        return out;
    }

    private long walk(Cid cid, List<DirectoryEntry> out, boolean root, int level) {
        byte[] bytes = blocks.get(cid);
        assertNotNull(bytes, "missing block " + cid);
        PbNode node = DagPb.decode(bytes);
        UnixFsData data = UnixFsData.fromBytes(node.data());
        long tsize = bytes.length;
        if (data.type() == UnixFsType.DIRECTORY) {
            assertTrue(root, "plain directory inside a HAMT");
            for (PbLink l : node.links()) {
                out.add(new DirectoryEntry(l.name(), l.hash(), l.tsize()));
                tsize += l.tsize();
            }
            return tsize;
        }
        assertEquals(UnixFsType.HAMT_SHARD, data.type());
        assertEquals(0x22L, data.hashType());
        int fanout = Math.toIntExact(data.fanout());
        int pad = Integer.toHexString(fanout - 1).length();
        byte[] bitfield = data.hasData() ? data.data() : new byte[0];
        int previous = -1;
        for (PbLink l : node.links()) {
            int bucket = Integer.parseInt(l.name().substring(0, pad), 16);
            assertEquals(l.name().substring(0, pad), l.name().substring(0, pad).toUpperCase());
            assertTrue(bucket > previous, "buckets out of order");
            previous = bucket;
            int byteIndex = bitfield.length - 1 - bucket / 8;
            assertTrue(byteIndex >= 0 && (bitfield[byteIndex] >> (bucket % 8) & 1) == 1, "bit not set");
            if (l.name().length() == pad) {
                long child = walk(l.hash(), out, false, level + 1);
                assertEquals(l.tsize(), child, "shard link Tsize");
            } else {
                out.add(new DirectoryEntry(l.name().substring(pad), l.hash(), l.tsize()));
            }
            tsize += l.tsize();
        }
        assertEquals(node.links().size(), bitCount(bitfield), "bitfield population");
        assertTrue(bitfield.length == 0 || bitfield[0] != 0, "bitfield has a leading zero byte");
        return tsize;
    }

    private static int bitCount(byte[] b) {
        int n = 0;
        for (byte x : b) {
            n += Integer.bitCount(x & 0xff);
        }
        return n;
    }

    int blockLength(Cid cid) {
        return blocks.get(cid).length;
    }

    UnixFsType typeOf(Cid cid) {
        return UnixFsData.fromBytes(DagPb.decode(blocks.get(cid)).data()).type();
    }

    /** Resolves {@code name} by hashing it, as path resolution does; {@code null} when absent. */
    DirectoryEntry find(Cid dir, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        HamtShardBuilder.HashBits bits = new HamtShardBuilder.HashBits(utf8);
        int consumed = 0;
        Cid cid = dir;
        while (true) {
            PbNode node = decoded.computeIfAbsent(cid, c -> DagPb.decode(blocks.get(c)));
            UnixFsData data = UnixFsData.fromBytes(node.data());
            if (data.type() == UnixFsType.DIRECTORY) {
                return node.links().stream().filter(l -> l.name().equals(name)).findFirst()
                        .map(l -> new DirectoryEntry(name, l.hash(), l.tsize())).orElse(null);
            }
            int fanout = Math.toIntExact(data.fanout());
            int width = Integer.numberOfTrailingZeros(fanout);
            String prefix = String.format("%0" + Integer.toHexString(fanout - 1).length() + "X",
                    bits.take(consumed, width));
            consumed += width;
            PbLink next = null;
            for (PbLink l : node.links()) {
                if (l.name().equals(prefix)) {
                    next = l;
                } else if (l.name().equals(prefix + name)) {
                    return new DirectoryEntry(name, l.hash(), l.tsize());
                }
            }
            if (next == null) {
                return null;
            }
            cid = next.hash();
        }
    }
}
