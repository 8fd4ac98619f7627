package io.cairn.core.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class BlockFactoryProperties {
    /** The hand-written one-copy leaf must be byte-identical to the general UnixFS + DAG-PB encoders. */
    @Property(tries = 200)
    void handEncodedLeafEqualsGeneralEncoding(@ForAll @IntRange(min = 1, max = 300_000) int size,
            @ForAll boolean rawType, @ForAll byte fill) {
        byte[] chunk = new byte[size];
        for (int i = 0; i < size; i++) {
            chunk[i] = (byte) (fill + i * 31);
        }
        UnixFsType type = rawType ? UnixFsType.RAW : UnixFsType.FILE;
        byte[] unixfs = UnixFsData.builder(type).data(chunk).fileSize((long) size).build().toBytes();
        byte[] expected = DagPb.encode(new PbNode(List.of(), unixfs));
        assertArrayEquals(expected, BlockFactory.encodeLeaf(chunk, type));
    }

    /**
     * A leaf made in the chunk's own framed array is the leaf made by copying (same bytes, CID and link), whether
     * the room matches the chunk's header and trailer (made in place) or not (a short last chunk: copied).
     */
    @Property(tries = 200)
    void framedLeafEqualsCopiedLeaf(@ForAll @IntRange(min = 1, max = 300_000) int size,
            @ForAll @IntRange(min = 0, max = 3_000_000) int maxChunk, @ForAll boolean rawLeaves,
            @ForAll boolean rawType, @ForAll byte fill) {
        BlockFactory factory = new BlockFactory(ImportOptions.builder().rawLeaves(rawLeaves).build());
        UnixFsType type = rawType ? UnixFsType.RAW : UnixFsType.FILE;
        byte[] chunk = new byte[size];
        for (int i = 0; i < size; i++) {
            chunk[i] = (byte) (fill + i * 31);
        }
        int max = Math.max(size, maxChunk);
        int head = factory.headroom(max);
        int tail = factory.tailroom(max);
        byte[] framed = new byte[head + size + tail];
        System.arraycopy(chunk, 0, framed, head, size);
        BlockFactory.Leaf expected = factory.leaf(chunk.clone(), type);
        BlockFactory.Leaf actual = factory.leaf(framed, head, tail, type);
        assertEquals(expected.link(), actual.link());
        assertEquals(expected.block().cid(), actual.block().cid());
        assertArrayEquals(expected.block().data(), actual.block().data());
    }

    @Property(tries = 20)
    void boundarySizesAroundVarintLengths(@ForAll @IntRange(min = 0, max = 5) int which) {
        int[] sizes = {127, 128, 16_383, 16_384, 2_097_151, 2_097_152};
        byte[] chunk = new byte[sizes[which]];
        byte[] unixfs = UnixFsData.builder(UnixFsType.FILE).data(chunk).fileSize((long) chunk.length).build()
                .toBytes();
        assertArrayEquals(DagPb.encode(new PbNode(List.of(), unixfs)), BlockFactory.encodeLeaf(chunk,
                UnixFsType.FILE));
    }
}
