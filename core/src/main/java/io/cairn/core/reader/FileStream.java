package io.cairn.core.reader;

import io.cairn.core.block.BlockSource;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.unixfs.UnixFsFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The bytes of a UnixFS file DAG from an offset, fetched as they are read. Seeking descends once from the root,
 * skipping whole subtrees by their recorded block sizes; reading then walks the leaves in order, asking the source
 * for up to {@value #LOOKAHEAD} siblings ahead so a network-backed source can fetch in parallel (leaves; inner nodes
 * one ahead, see {@link #looksInner}).
 *
 * <p>Invariant: {@code stack} holds the path from the root to the node whose data is being read; each frame's
 * {@code next} is the first child not yet entered.
 */
final class FileStream extends InputStream implements SegmentedInput {
    static final int LOOKAHEAD = 8;
    /** The most a leaf's block exceeds its file bytes by (dag-pb and UnixFS envelope, with room for mode/mtime). */
    static final long LEAF_ENVELOPE_MAX = 256;
    private static final int MAX_DEPTH = 256;

    private final BlockSource source;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private long skip;
    private long remaining;
    /** The data being read: {@code segment[segmentPos, segmentEnd)}. */
    private byte[] segment;
    private int segmentPos;
    private int segmentEnd;
    private boolean closed;

    FileStream(BlockSource source, UnixFsNode root, long offset, long length) {
        this.source = source;
        this.skip = offset;
        this.remaining = length;
        push(root);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (!ready()) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, segmentEnd - segmentPos), remaining);
        System.arraycopy(segment, segmentPos, b, off, n);
        segmentPos += n;
        remaining -= n;
        return n;
    }

    /**
     * Writes the rest of the range to {@code out} a whole block's data at a time, straight from the decoded
     * blocks: no copy through a caller's buffer, and writes as large as the blocks (InputStream's own transferTo
     * copies through 8 KiB).
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        long total = 0;
        while (ready()) {
            int n = (int) Math.min(segmentEnd - segmentPos, remaining);
            out.write(segment, segmentPos, n);
            segmentPos += n;
            remaining -= n;
            total += n;
        }
        return total;
    }

    @Override
    public Segment nextSegment(int max) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        if (!ready()) {
            return null;
        }
        int n = (int) Math.min(Math.min(max, segmentEnd - segmentPos), remaining);
        Segment s = new Segment(segment, segmentPos, n);
        segmentPos += n;
        remaining -= n;
        return s;
    }

    /** Whether unread bytes of the range are in {@code segment}, advancing to the next non-empty piece if needed. */
    private boolean ready() throws IOException {
        // Checked before the segment: a range may end inside one, and read must then say -1, never 0.
        if (remaining == 0) {
            return false;
        }
        while (segment == null || segmentPos == segmentEnd) {
            if (!advance()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        stack.clear();
    }

    /** Moves to the next non-empty piece of data; false at the end of the file. */
    private boolean advance() throws IOException {
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (!f.ownDataDone) {
                f.ownDataDone = true;
                int length = f.node.ownDataLength();
                if (skip >= length) {
                    skip -= length;
                } else {
                    setSegment(f.node, length);
                    segmentPos += (int) skip;
                    skip = 0;
                    return true;
                }
            }
            List<PbLink> links = f.links();
            if (f.next >= links.size()) {
                stack.pop();
                continue;
            }
            // While seeking, skip whole children by their recorded sizes instead of fetching them (push checked
            // that there is one size per link).
            long[] sizes = f.node.unixfs().blockSizes();
            if (skip > 0 && skip >= sizes[f.next]) {
                skip -= sizes[f.next];
                f.next++;
                continue;
            }
            int index = f.next++;
            UnixFsNode node = f.fetch(index);
            if (!node.isFile()) {
                throw new UnixFsFormatException("file " + f.node.cid() + " links to a " + node.type() + " node");
            }
            if (node.fileSize() != sizes[index]) {
                throw new UnixFsFormatException("block size " + sizes[index] + " recorded in " + f.node.cid()
                        + " disagrees with child " + node.cid() + " of " + node.fileSize() + " bytes");
            }
            push(node);
        }
        return false;
    }

    /**
     * Points {@code segment} at a node's own data: a raw block's bytes, or the UnixFS {@code Data} field where it
     * lies in the block (the dag-pb node's data is a view of the block, and the field is found inside it), so a
     * leaf is written out from the block as read; a copy only when the field cannot be located.
     */
    private void setSegment(UnixFsNode node, int length) {
        if (node.isRaw()) {
            segment = node.block().data();
            segmentPos = 0;
            segmentEnd = length;
            return;
        }
        PbNode pb = node.pb();
        long at = UnixFsDataField.locate(pb.dataArray(), pb.dataOffset(), pb.dataLength());
        if (at >= 0 && (int) at == length) {
            segment = pb.dataArray();
            segmentPos = (int) (at >>> 32);
            segmentEnd = segmentPos + length;
        } else {
            segment = node.ownData();
            segmentPos = 0;
            segmentEnd = segment.length;
        }
    }

    private void push(UnixFsNode node) {
        if (stack.size() >= MAX_DEPTH) {
            throw new UnixFsFormatException("file DAG deeper than " + MAX_DEPTH + " levels");
        }
        checkSizes(node);
        stack.push(new Frame(node));
    }

    /**
     * A dag-pb file node records one block size per link, and its filesize (when present) is its own data plus
     * those sizes. With each child's size checked against its block size when it is entered, a read then returns
     * exactly the bytes the recorded sizes promise, and seeking by them lands where reading from the start would.
     * ipfs-unixfs-exporter refuses a node whose links and block sizes differ in number, too.
     */
    private static void checkSizes(UnixFsNode node) {
        if (node.isRaw()) {
            return;
        }
        long[] sizes = node.unixfs().blockSizes();
        int links = node.pb().links().size();
        if (sizes.length != links) {
            throw new UnixFsFormatException("file node " + node.cid() + " has " + links + " links but "
                    + sizes.length + " block sizes");
        }
        long total = node.ownDataLength();
        for (long size : sizes) {
            total += size;
            if (total < 0) {
                throw new UnixFsFormatException("block sizes of " + node.cid() + " add up past 2^63");
            }
        }
        Long declared = node.unixfs().fileSize();
        if (declared != null && declared != total) {
            throw new UnixFsFormatException("file node " + node.cid() + " declares filesize " + declared
                    + " but holds " + total + " bytes (its data plus block sizes)");
        }
    }

    /**
     * One node on the path from the root, with the child fetches requested ahead of reading. Each fetch decodes
     * its block where it completes: on the source's thread when the source is asynchronous, so decoding (which
     * copies a leaf's data out of its dag-pb and UnixFS envelopes) overlaps with the reader consuming earlier
     * blocks; on this thread, as before, when the source answers at once.
     */
    private final class Frame {
        final UnixFsNode node;
        final Map<Integer, CompletableFuture<UnixFsNode>> ahead = new HashMap<>();
        int next;
        boolean ownDataDone;

        Frame(UnixFsNode node) {
            this.node = node;
        }

        List<PbLink> links() {
            return node.isRaw() ? List.of() : node.pb().links();
        }

        /**
         * Child {@code index}, asking ahead for the siblings after it that the range still reaches: a short range
         * (a client's first 64 KiB of a large file) must not read up to {@value #LOOKAHEAD} whole subtrees' first
         * blocks it will never send. {@code skip} is the part of child {@code index} before the range.
         */
        UnixFsNode fetch(int index) throws IOException {
            List<PbLink> links = links();
            long[] sizes = node.unixfs().blockSizes();
            long reach = skip + remaining < 0 ? Long.MAX_VALUE : skip + remaining;
            for (int i = index; i < Math.min(links.size(), index + LOOKAHEAD); i++) {
                if (i > index && reach <= 0) {
                    break;
                }
                if (i > index + 1 && looksInner(links.get(i), sizes[i])) {
                    break;
                }
                reach -= sizes[i];
                Cid cid = links.get(i).hash();
                ahead.computeIfAbsent(i, k -> source.get(cid).thenApply(UnixFsNode::decode));
            }
            return await(ahead.remove(index), links.get(index).hash());
        }
    }

    /**
     * Whether a child is probably an inner node rather than a leaf, from its link alone: a leaf's Tsize (its block's
     * size) exceeds its file bytes by its envelope, a dozen bytes, while an inner node's Tsize also counts its own
     * links and every block below it. Inner nodes are read ahead only one at a time: a wide one (thousands of links)
     * decodes to megabytes of heap, and eight of them per level held for a stalled client would be tens. A wrong
     * guess (a hostile or missing Tsize) changes only how far ahead is asked, never what is read.
     */
    static boolean looksInner(PbLink link, long fileBytes) {
        Long tsize = link.tsize();
        return tsize != null && tsize - fileBytes > LEAF_ENVELOPE_MAX;
    }

    /** {@link BlockSource#await}'s unwrapping, for a fetch already mapped to its decoded node. */
    private static UnixFsNode await(CompletableFuture<UnixFsNode> fetch, Cid cid) throws IOException {
        try {
            return fetch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + cid);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c);
        }
    }
}
