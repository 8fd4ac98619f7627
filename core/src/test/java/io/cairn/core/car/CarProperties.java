package io.cairn.core.car;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CarProperties {

    // ---- round trip ----

    @Property(tries = 300)
    void writeThenReadGivesTheRootsAndEachDistinctBlockInOrder(
            @ForAll("roots") List<Cid> roots, @ForAll("blockSequences") List<Block> sequence) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter writer = new CarWriter(out, roots)) {
            for (Block b : sequence) {
                writer.write(b);
            }
        }
        Map<Cid, Block> firstSeen = new LinkedHashMap<>();
        for (Block b : sequence) {
            firstSeen.putIfAbsent(b.cid(), b);
        }
        CarReaderTest.ReadResult r = CarReaderTest.readAll(out.toByteArray());
        assertEquals(1, r.version());
        assertEquals(roots, r.roots());
        assertEquals(CarFixture.describe(new ArrayList<>(firstSeen.values())), CarFixture.describe(r.blocks()));
    }

    @Provide
    Arbitrary<Block> blocks() {
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<Long> codec = Arbitraries.oneOf(
                Arbitraries.of(Multicodec.RAW, Multicodec.DAG_PB, Multicodec.DAG_CBOR, Multicodec.DAG_JSON)
                        .map(Multicodec::code),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<HashFunction> hash = Arbitraries.of(HashFunction.values());
        return Combinators.combine(data, codec, hash, Arbitraries.of(true, false)).as((d, c, h, v0) -> {
            byte[] bytes = h == HashFunction.IDENTITY && d.length > HashFunction.MAX_IDENTITY_DIGEST
                    ? java.util.Arrays.copyOf(d, HashFunction.MAX_IDENTITY_DIGEST) : d;
            Multihash mh = Multihash.digest(h, bytes);
            boolean canBeV0 = c == Multicodec.DAG_PB.code() && h == HashFunction.SHA2_256;
            Cid cid = v0 && canBeV0 ? Cid.v0(mh) : Cid.v1(c, mh);
            return new Block(cid, bytes);
        });
    }

    /** Up to 12 distinct blocks, written up to 30 times in any order with repeats. */
    @Provide
    Arbitrary<List<Block>> blockSequences() {
        return blocks().list().ofMaxSize(12).flatMap(distinct -> distinct.isEmpty()
                ? Arbitraries.just(List.<Block>of())
                : Arbitraries.integers().between(0, distinct.size() - 1).list().ofMaxSize(30)
                        .map(indices -> indices.stream().map(distinct::get).toList()));
    }

    /** Roots need not be blocks in the CAR; more than 23 roots needs a longer CBOR array head. */
    @Provide
    Arbitrary<List<Cid>> roots() {
        return blocks().map(Block::cid).list().ofMaxSize(30);
    }

    // ---- hostile input ----

    @Property(tries = 2000)
    void arbitraryBytesRaiseOnlyCarFormatException(@ForAll @Size(max = 300) byte[] bytes) throws IOException {
        readOrReject(bytes);
    }

    /** Random bytes after a valid header exercise the section parser rather than the header decoder. */
    @Property(tries = 2000)
    void arbitrarySectionsRaiseOnlyCarFormatException(@ForAll @Size(max = 300) byte[] sections)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CarWriter(out, List.of()).flush();
        out.writeBytes(sections);
        readOrReject(out.toByteArray());
    }

    /** Random bytes after the CARv2 pragma exercise the CARv2 header checks. */
    @Property(tries = 1000)
    void arbitraryCarV2HeadersRaiseOnlyCarFormatException(@ForAll @Size(max = 120) byte[] rest) throws IOException {
        byte[] pragma = java.util.HexFormat.of().parseHex("0aa16776657273696f6e02");
        byte[] car = java.util.Arrays.copyOf(pragma, pragma.length + rest.length);
        System.arraycopy(rest, 0, car, pragma.length, rest.length);
        readOrReject(car);
    }

    /** Every fixture with a few bytes overwritten: read or rejected with CarFormatException, nothing else. */
    @Property(tries = 2000)
    void corruptedFixturesRaiseOnlyCarFormatException(
            @ForAll("smallFixtures") CarFixture fixture,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 100_000) Integer> positions,
            @ForAll @Size(min = 4, max = 4) byte[] values) throws IOException {
        byte[] car = fixture.bytes().clone();
        for (int i = 0; i < positions.size(); i++) {
            car[positions.get(i) % car.length] = values[i];
        }
        readOrReject(car);
    }

    @Provide
    Arbitrary<CarFixture> smallFixtures() {
        return Arbitraries.of(CarFixture.SMALL).map(CarFixture::load);
    }

    /** Reads everything; a CarFormatException is an accepted outcome, any other exception fails the property. */
    private static void readOrReject(byte[] car) throws IOException {
        try {
            CarReaderTest.readAll(car);
        } catch (CarFormatException expected) {
            // the typed rejection is the point
        }
    }
}
