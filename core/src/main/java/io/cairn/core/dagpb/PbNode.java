package io.cairn.core.dagpb;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A DAG-PB node: an ordered list of links and optional opaque data. Absent data ({@code null}) and empty data
 * differ on the wire ({@code Data} omitted versus {@code 0a 00}) and so differ here. Links keep the order they are
 * given in; see {@link DagPb} for why the codec never sorts them.
 *
 * <p>Ownership: like {@link io.cairn.core.block.Block}, the node takes the data array without copying and
 * {@link #data()} returns it without copying, because file leaves of up to 1 MiB pass through here; nobody may
 * modify the array once it is in a node. A decoded node ({@link DagPb#decode}) is a view: its data is a range of
 * the block's own bytes ({@link #dataArray()}, {@link #dataOffset()}, {@link #dataLength()}), so a reader that
 * streams a leaf never copies it; {@link #data()} copies that range once, on first use.
 */
public final class PbNode {
    private final List<PbLink> links;
    /** Holds the data at {@code [offset, offset + length)}; {@code null} when the node has no data. */
    private final byte[] source;
    private final int offset;
    private final int length;
    /** {@code source} itself when the range is all of it, else the copy made by the first {@link #data()}. */
    private volatile byte[] data;

    /**
     * @param links the links in wire order; copied, must not contain {@code null}
     * @param data the opaque data (taken, not copied), or {@code null} for no {@code Data} field
     */
    public PbNode(List<PbLink> links, byte[] data) {
        this.links = List.copyOf(links);
        this.source = data;
        this.offset = 0;
        this.length = data == null ? 0 : data.length;
        this.data = data;
    }

    /** A view of {@code source[offset, offset + length)}, which nobody may modify (the decoder's block bytes). */
    PbNode(List<PbLink> links, byte[] source, int offset, int length) {
        this.links = List.copyOf(links);
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.data = offset == 0 && length == source.length ? source : null;
    }

    /** A node with data and no links (a file leaf, an empty directory). */
    public static PbNode ofData(byte[] data) {
        return new PbNode(List.of(), data);
    }

    /** The links in wire order; unmodifiable. */
    public List<PbLink> links() {
        return links;
    }

    /**
     * The data (callers must not modify it), or {@code null} when the node has no {@code Data}. Not copied, except
     * once for a decoded node whose data is part of its block.
     */
    public byte[] data() {
        byte[] d = data;
        if (d == null && source != null) {
            d = Arrays.copyOfRange(source, offset, offset + length);
            data = d;
        }
        return d;
    }

    /** Whether the node has a {@code Data} field (possibly empty). */
    public boolean hasData() {
        return source != null;
    }

    /** The array holding the data at {@link #dataOffset()} (callers must not modify it); {@code null} for none. */
    public byte[] dataArray() {
        return source;
    }

    /** Where the data starts in {@link #dataArray()}. */
    public int dataOffset() {
        return offset;
    }

    /** The data's length; 0 when the node has none. */
    public int dataLength() {
        return length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PbNode)) {
            return false;
        }
        PbNode n = (PbNode) o;
        if (!links.equals(n.links) || (source == null) != (n.source == null)) {
            return false;
        }
        return source == null || Arrays.equals(source, offset, offset + length, n.source, n.offset,
                n.offset + n.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        if (source != null) {
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + source[i];
            }
        }
        return Objects.hash(links, source == null ? 0 : h);
    }

    @Override
    public String toString() {
        return "PbNode(" + links.size() + " links, " + (source == null ? "no data" : length + " data bytes") + ")";
    }
}
