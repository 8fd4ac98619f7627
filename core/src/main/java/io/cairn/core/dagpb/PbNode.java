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
 * modify the array once it is in a node.
 */
public final class PbNode {
    private final List<PbLink> links;
    private final byte[] data;

    /**
     * @param links the links in wire order; copied, must not contain {@code null}
     * @param data the opaque data (taken, not copied), or {@code null} for no {@code Data} field
     */
    public PbNode(List<PbLink> links, byte[] data) {
        this.links = List.copyOf(links);
        this.data = data;
    }

    /** A node with data and no links (a file leaf, an empty directory). */
    public static PbNode ofData(byte[] data) {
        return new PbNode(List.of(), data);
    }

    /** The links in wire order; unmodifiable. */
    public List<PbLink> links() {
        return links;
    }

    /** The data, not copied (callers must not modify it), or {@code null} when the node has no {@code Data}. */
    public byte[] data() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PbNode)) {
            return false;
        }
        PbNode n = (PbNode) o;
        return links.equals(n.links) && Arrays.equals(data, n.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(links, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "PbNode(" + links.size() + " links, " + (data == null ? "no data" : data.length + " data bytes") + ")";
    }
}
