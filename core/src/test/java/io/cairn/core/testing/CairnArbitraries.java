package io.cairn.core.testing;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for values shared by several codec tests. */
public final class CairnArbitraries {
    private CairnArbitraries() {}

    /** CIDv0 and CIDv1 (dag-pb, raw, dag-cbor; sha2-256 or small identity digests). */
    public static Arbitrary<Cid> cids() {
        Arbitrary<byte[]> digest32 = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<Cid> v0 = digest32.map(d -> Cid.v0(Multihash.of(Multicodec.SHA2_256.code(), d)));
        Arbitrary<Multicodec> codec = Arbitraries.of(Multicodec.DAG_PB, Multicodec.RAW, Multicodec.DAG_CBOR);
        Arbitrary<Cid> v1 = Combinators.combine(codec, digest32)
                .as((c, d) -> Cid.v1(c, Multihash.of(Multicodec.SHA2_256.code(), d)));
        Arbitrary<Cid> v1Identity = Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
                .map(d -> Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.IDENTITY.code(), d)));
        return Arbitraries.oneOf(v0, v1, v1Identity);
    }

    /** Strings of any code points (including supplementary ones), never with an unpaired surrogate. */
    public static Arbitrary<String> names() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0xd7ff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0x10ffff)));
        return codePoint.list().ofMaxSize(12).map(cps -> {
            StringBuilder s = new StringBuilder();
            cps.forEach(s::appendCodePoint);
            return s.toString();
        });
    }
}
