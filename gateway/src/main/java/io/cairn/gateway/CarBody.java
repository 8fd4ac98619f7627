package io.cairn.gateway;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.car.CarWriter;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.ipld.Links;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Varint;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A CARv1 produced as it is read, for the trustless gateway: the header (roots as given), then the blocks that
 * verify the path (as resolution read them), then the blocks of the DAG scope below the path's end, depth-first,
 * parents before children, children in link order ({@code order=dfs}). One block is fetched per section, so memory
 * is one block plus the traversal stack (and, with {@code dups=n}, the set of CIDs written).
 *
 * <p>Identity blocks are never written (trustless-gateway.md), though their links are followed. Links are only
 * followed in dag-pb nodes; blocks of other codecs are leaves here.
 *
 * <p>Headers are written with core's {@link CarWriter}; sections are encoded here because {@code dups=y} must repeat
 * blocks, which {@code CarWriter} (always deduplicating) refuses to do.
 */
final class CarBody extends InputStream {
    /** How much of the DAG below the path's end is written. */
    enum Scope {
        /** The end block only. */
        BLOCK,
        /** Every block reachable through dag-pb links. */
        ALL,
        /** The blocks of a UnixFS file that hold bytes in {@code [from, to]}, with the nodes above them. */
        FILE_RANGE,
        /** A HAMT directory's shards, without its entries. */
        HAMT
    }

    private record Task(Cid cid, long offset) {}

    private final BlockSource source;
    private final List<Block> pathBlocks;
    private final Scope scope;
    private final long from;
    private final long to;
    private final Set<Cid> written;
    private final Deque<Task> todo = new ArrayDeque<>();
    private int pathIndex;
    private byte[] segment;
    private int segmentPos;
    private int hamtPrefix = -1;

    /**
     * @param dups whether a block is written each time the walk meets it ({@code dups=y}) or once
     * @param from first byte, for {@link Scope#FILE_RANGE}
     * @param to last byte, inclusive, for {@link Scope#FILE_RANGE}
     */
    CarBody(BlockSource source, List<Cid> roots, List<Block> pathBlocks, Cid end, Scope scope, long from, long to,
            boolean dups) throws IOException {
        this.source = source;
        this.pathBlocks = pathBlocks;
        this.scope = scope;
        this.from = from;
        this.to = to;
        this.written = dups ? null : new HashSet<>();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (CarWriter writer = new CarWriter(header, roots)) {
            writer.flush();
        }
        this.segment = header.toByteArray();
        todo.push(new Task(end, 0));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (segment == null || segmentPos == segment.length) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, segment.length - segmentPos);
        System.arraycopy(segment, segmentPos, b, off, n);
        segmentPos += n;
        return n;
    }

    /** Encodes the next block to write into {@code segment}; false when the CAR is complete. */
    private boolean advance() throws IOException {
        while (pathIndex < pathBlocks.size()) {
            if (emit(pathBlocks.get(pathIndex++))) {
                return true;
            }
        }
        while (!todo.isEmpty()) {
            Task t = todo.pop();
            if (written != null && written.contains(t.cid)) {
                continue;
            }
            Block block = BlockSource.await(source.get(t.cid), t.cid);
            pushChildren(block, t.offset);
            if (emit(block)) {
                return true;
            }
        }
        return false;
    }

    private boolean emit(Block block) {
        Cid cid = block.cid();
        if (BlockSources.isIdentity(cid) || written != null && !written.add(cid)) {
            return false;
        }
        byte[] prefix = Varint.encode((long) cid.byteLength() + block.size());
        byte[] out = new byte[prefix.length + cid.byteLength() + block.size()];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        int pos = cid.writeTo(out, prefix.length);
        System.arraycopy(block.data(), 0, out, pos, block.size());
        segment = out;
        segmentPos = 0;
        return true;
    }

    private void pushChildren(Block block, long offset) {
        if (scope == Scope.BLOCK) {
            return;
        }
        if (scope == Scope.ALL) {
            // Every link in every codec Cairn reads, as Kubo's dag-scope=all selector explores them.
            if (Links.mayHaveLinks(block.cid().codec())) {
                List<Cid> links = Links.of(block.cid(), block.data());
                for (int i = links.size() - 1; i >= 0; i--) {
                    todo.push(new Task(links.get(i), 0));
                }
            }
            return;
        }
        if (!block.cid().isCodec(Multicodec.DAG_PB)) {
            return;
        }
        UnixFsNode node = UnixFsNode.decode(block);
        List<PbLink> links = node.pb().links();
        if (scope == Scope.HAMT) {
            if (node.type() != UnixFsType.HAMT_SHARD) {
                return;
            }
            if (hamtPrefix < 0) {
                Long fanout = node.unixfs().fanout();
                hamtPrefix = fanout == null || fanout < 2 ? 2 : Long.toHexString(fanout - 1).length();
            }
            for (int i = links.size() - 1; i >= 0; i--) {
                String name = links.get(i).name();
                if (name != null && name.length() == hamtPrefix) {
                    todo.push(new Task(links.get(i).hash(), 0));
                }
            }
            return;
        }
        // FILE_RANGE: a child holds bytes [start, start + blocksize) of the file; follow those that meet the range.
        if (node.type() != UnixFsType.FILE) {
            return;
        }
        UnixFsData data = node.unixfs();
        long[] sizes = data.blockSizes();
        int n = Math.min(sizes.length, links.size());
        long[] starts = new long[n];
        long start = offset + data.dataLength();
        for (int i = 0; i < n; i++) {
            starts[i] = start;
            start += sizes[i];
        }
        for (int i = n - 1; i >= 0; i--) {
            long end = starts[i] + sizes[i] - 1;
            if (sizes[i] > 0 && starts[i] <= to && end >= from) {
                todo.push(new Task(links.get(i).hash(), starts[i]));
            }
        }
    }

    @Override
    public void close() {
        todo.clear();
        pathIndex = pathBlocks.size();
        segment = null;
    }
}
