package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.FormatException;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link RocksAddSession#isDataOnly}, the shortcut that spares the add session a decode (and a copy) of every dag-pb
 * leaf: it may say "no links" only where the dag-pb decoder itself would decode the node with no links.
 */
class DataOnlyNodeTest {
    @Property(tries = 2000)
    void neverClaimsANodeTheDecoderRejectsOrFindsLinksIn(@ForAll("nodeLike") byte[] bytes) {
        if (!RocksAddSession.isDataOnly(bytes)) {
            return;
        }
        PbNode node;
        try {
            node = DagPb.decode(bytes);
        } catch (FormatException e) {
            throw new AssertionError("isDataOnly accepted bytes the decoder rejects: " + e.getMessage(), e);
        }
        assertTrue(node.links().isEmpty());
    }

    @Property(tries = 300)
    void recognisesEncodedNodesWithDataAndNoLinks(@ForAll byte[] data) {
        assertTrue(RocksAddSession.isDataOnly(DagPb.encode(new PbNode(List.of(), data))));
    }

    @Test
    void nodesWithLinksOrNoDataGoThroughTheDecoder() {
        Cid child = Cid.v0(Multihash.digest(HashFunction.SHA2_256, new byte[] {1}));
        byte[] linked = DagPb.encode(new PbNode(List.of(PbLink.of(child, "", 1)), new byte[] {8, 2}));
        assertFalse(RocksAddSession.isDataOnly(linked));
        assertFalse(RocksAddSession.isDataOnly(DagPb.encode(new PbNode(List.of(), null))));
        assertFalse(RocksAddSession.isDataOnly(new byte[] {0x0a, 5, 1, 2}), "length past the end");
        assertFalse(RocksAddSession.isDataOnly(new byte[] {0x0a, 1, 1, 0x12, 0}), "a field after Data");
    }

    /** Arbitrary bytes, and bytes that start like a Data field (so the interesting branch is reached often). */
    @Provide
    Arbitrary<byte[]> nodeLike() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> dataFirst = any.map(b -> {
            byte[] out = new byte[b.length + 2];
            out[0] = 0x0a;
            out[1] = (byte) b.length;
            System.arraycopy(b, 0, out, 2, b.length);
            return out;
        });
        return Arbitraries.oneOf(any, dataFirst, dataFirst.map(b -> {
            // Cut or extended by a byte, so the length no longer matches.
            return java.util.Arrays.copyOf(b, Math.max(2, b.length + (b.length % 2 == 0 ? 1 : -1)));
        }));
    }
}
