package io.cairn.core.reader;

import io.cairn.core.block.Block;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import java.util.List;

/** Builds DAGs block by block, well-formed or not, with honest hashes, into a {@link MemoryBlockStore}. */
final class HandDags {
    static final long MURMUR3 = 0x22;

    private final MemoryBlockStore store;

    HandDags(MemoryBlockStore store) {
        this.store = store;
    }

    Cid raw(byte[] bytes) {
        return store.add(new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, bytes), bytes));
    }

    Cid block(Multicodec codec, byte[] bytes) {
        return store.add(new Block(Cid.of(1, codec, HashFunction.SHA2_256, bytes), bytes));
    }

    /** A dag-pb node; {@code data} null leaves the Data field out. */
    Cid pb(byte[] data, PbLink... links) {
        byte[] bytes = DagPb.encode(new PbNode(List.of(links), data));
        return store.add(new Block(Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, bytes), bytes));
    }

    Cid pb(UnixFsData data, PbLink... links) {
        return pb(data.toBytes(), links);
    }

    static PbLink link(Cid cid, String name) {
        return new PbLink(cid, name, 0L);
    }

    static PbLink link(Cid cid) {
        return new PbLink(cid, "", 0L);
    }

    static UnixFsData file(byte[] data, Long fileSize, long... blockSizes) {
        return UnixFsData.builder(UnixFsType.FILE).data(data).fileSize(fileSize).blockSizes(blockSizes).build();
    }

    static UnixFsData directory() {
        return UnixFsData.directory();
    }

    static UnixFsData shard(Long hashType, Long fanout) {
        return UnixFsData.builder(UnixFsType.HAMT_SHARD).data(new byte[] {1}).hashType(hashType).fanout(fanout)
                .build();
    }

    static UnixFsData shard(long fanout) {
        return shard(MURMUR3, fanout);
    }
}
