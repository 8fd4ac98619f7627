package io.cairn.core.dagpb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cairn.core.testing.CairnArbitraries;
import io.cairn.core.testing.Mutations;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class DagPbProperties {
    @Provide
    Arbitrary<PbLink> links() {
        Arbitrary<String> name = CairnArbitraries.names().injectNull(0.3);
        Arbitrary<Long> tsize = Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.3);
        return Combinators.combine(CairnArbitraries.cids(), name, tsize).as(PbLink::new);
    }

    @Provide
    Arbitrary<PbNode> nodes() {
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).injectNull(0.3);
        return Combinators.combine(links().list().ofMaxSize(6), data).as(PbNode::new);
    }

    @Property
    void roundTrips(@ForAll("nodes") PbNode node) {
        byte[] encoded = DagPb.encode(node);
        assertEquals(encoded.length, DagPb.encodedSize(node));
        PbNode decoded = DagPb.decode(encoded);
        assertEquals(node, decoded);
        assertEquals(node.hashCode(), decoded.hashCode());
        assertArrayEquals(encoded, DagPb.encode(decoded));
    }

    /** A decoded node's data is a range of the block itself (a leaf is never copied to be read), not a copy. */
    @Property
    void decodedDataIsAViewOfTheBlock(@ForAll("nodes") PbNode node) {
        byte[] encoded = DagPb.encode(node);
        PbNode decoded = DagPb.decode(encoded);
        assertEquals(node.data() != null, decoded.hasData());
        if (node.data() == null) {
            assertNull(decoded.dataArray());
            assertEquals(0, decoded.dataLength());
            return;
        }
        assertSame(encoded, decoded.dataArray());
        assertArrayEquals(node.data(), Arrays.copyOfRange(encoded, decoded.dataOffset(),
                decoded.dataOffset() + decoded.dataLength()));
        assertArrayEquals(node.data(), decoded.data());
        assertSame(decoded.data(), decoded.data(), "the copy is made once");
    }

    @Property
    void arbitraryBytesDecodeOrThrowTheTypedError(@ForAll byte[] bytes) {
        decodeOrReject(bytes);
    }

    /** Small mutations of valid blocks reach much deeper into the decoder than random bytes. */
    @Property
    void mutatedBlocksDecodeOrThrowTheTypedError(@ForAll("nodes") PbNode node, @ForAll @IntRange(max = 1000) int at,
            @ForAll byte value, @ForAll @IntRange(max = 3) int mutation) {
        byte[] b = DagPb.encode(node);
        if (b.length == 0) {
            return;
        }
        b = Mutations.mutate(b, at, value, mutation);
        decodeOrReject(b);
    }

    private static void decodeOrReject(byte[] bytes) {
        PbNode n;
        try {
            n = DagPb.decode(bytes);
        } catch (DagPbFormatException expected) {
            return;
        }
        // Whatever is accepted re-encodes to something that decodes to the same node; only Data-before-Links
        // blocks may differ in bytes.
        byte[] again = DagPb.encode(n);
        assertEquals(n, DagPb.decode(again));
        if (!Arrays.equals(bytes, again)) {
            assertEquals(0x0a, bytes[0], "only a Data-first block may re-encode differently");
        }
    }
}
