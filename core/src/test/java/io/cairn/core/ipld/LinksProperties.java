package io.cairn.core.ipld;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.testing.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class LinksProperties {
    @Property(tries = 300)
    void dagCborYieldsExactlyThePlantedLinks(@ForAll long seed) {
        Object doc = IpldDocs.document(new Random(seed), 6);
        byte[] block = IpldDocs.cbor(doc);
        assertEquals(IpldDocs.links(doc), Links.of(Multicodec.DAG_CBOR.code(), block));
    }

    @Property(tries = 300)
    void dagJsonYieldsExactlyThePlantedLinks(@ForAll long seed, @ForAll boolean spaces,
            @ForAll boolean escapeSlash) {
        Random r = new Random(seed);
        Object doc = IpldDocs.document(r, 6);
        byte[] block = IpldDocs.json(doc, r, spaces, escapeSlash);
        assertEquals(IpldDocs.links(doc), Links.of(Multicodec.DAG_JSON.code(), block));
    }

    @Property
    void arbitraryBytesYieldLinksOrTheTypedError(@ForAll byte[] bytes, @ForAll @IntRange(max = 2) int which) {
        long codec = List.of(Multicodec.DAG_CBOR, Multicodec.DAG_JSON, Multicodec.DAG_PB).get(which).code();
        linksOrTypedError(codec, bytes);
    }

    /** Mutations of valid documents reach far deeper into the walkers than random bytes do. */
    @Property(tries = 2000)
    void mutatedDocumentsYieldLinksOrTheTypedError(@ForAll long seed, @ForAll boolean json,
            @ForAll @IntRange(max = 100_000) int at, @ForAll byte value, @ForAll @IntRange(max = 3) int mutation) {
        Random r = new Random(seed);
        Object doc = IpldDocs.document(r, 4);
        byte[] b = json ? IpldDocs.json(doc, r, false, false) : IpldDocs.cbor(doc);
        b = Mutations.mutate(b, at, value, mutation);
        linksOrTypedError(json ? Multicodec.DAG_JSON.code() : Multicodec.DAG_CBOR.code(), b);
    }

    /** Link strings are parsed as CIDs in any multibase: whatever the text, a link or the typed error. */
    @Property(tries = 2000)
    void anyLinkTextYieldsALinkOrTheTypedError(@ForAll("linkTexts") String text) {
        StringBuilder json = new StringBuilder("{\"/\":\"");
        for (char ch : text.toCharArray()) {
            if (ch == '"' || ch == '\\' || ch < 0x20) {
                json.append(String.format("\\u%04x", (int) ch));
            } else {
                json.append(ch);
            }
        }
        linksOrTypedError(Multicodec.DAG_JSON.code(), json.append("\"}").toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> linkTexts() {
        Arbitrary<String> prefixed = Combinators.combine(
                Arbitraries.of("b", "B", "z", "f", "F", "k", "K", "m", "M", "u", "U", "Q", "c", "v", "t",
                        "h", "1", "9", "7", "0", "\u0000", "é"),
                Arbitraries.strings().withCharRange('0', 'z').ofMaxLength(70))
                .as((p, rest) -> p + rest);
        return Arbitraries.oneOf(prefixed, Arbitraries.strings().ofMaxLength(80));
    }

    private static void linksOrTypedError(long codec, byte[] bytes) {
        try {
            List<Cid> links = Links.of(codec, bytes);
            links.forEach(java.util.Objects::requireNonNull);
        } catch (IpldFormatException expected) {
            // the one typed error
        }
    }
}
