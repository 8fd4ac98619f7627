package io.cairn.core.car;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Varint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CarReaderTest {
    private static final HexFormat HEX = HexFormat.of();
    /** {@code {"roots": [], "version": 1}}: accepted by @ipld/car, and the shortest valid CARv1 header. */
    private static final String EMPTY_ROOTS_HEADER = "a265726f6f7473806776657273696f6e01";
    /** The CARv2 pragma as the CARv2 spec writes it. */
    private static final String CARV2_PRAGMA = "0aa16776657273696f6e02";

    static List<String> fixtures() {
        return CarFixture.ALL;
    }

    static List<String> smallFixtures() {
        return CarFixture.SMALL;
    }

    static ReadResult readAll(byte[] car) throws IOException {
        return readAll(car, CarReader.Options.DEFAULT);
    }

    static ReadResult readAll(byte[] car, CarReader.Options options) throws IOException {
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car), options)) {
            List<Block> blocks = new ArrayList<>();
            for (Block b = reader.next(); b != null; b = reader.next()) {
                blocks.add(b);
            }
            assertNull(reader.next(), "a finished reader stays finished");
            return new ReadResult(reader.version(), reader.roots(), blocks);
        }
    }

    record ReadResult(int version, List<Cid> roots, List<Block> blocks) {}

    /** A CAR from a DAG-CBOR header body (hex) and the raw bytes (hex) after it. */
    private static byte[] car(String headerHex, String restHex) {
        byte[] header = HEX.parseHex(headerHex);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(header.length));
        out.writeBytes(header);
        out.writeBytes(HEX.parseHex(restHex));
        return out.toByteArray();
    }

    private static CarFormatException rejects(byte[] car) {
        return assertThrows(CarFormatException.class, () -> readAll(car));
    }

    private static byte[] section(Cid cid, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(cid.byteLength() + data.length));
        out.writeBytes(cid.toBytes());
        out.writeBytes(data);
        return out.toByteArray();
    }

    // ---- reference files ----

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsWhatIpldCarReads(String name) throws IOException {
        CarFixture f = CarFixture.load(name);
        ReadResult r = readAll(f.bytes());
        assertEquals(f.version(), r.version());
        assertEquals(f.roots(), r.roots());
        assertEquals(CarFixture.describe(f.blocks()), CarFixture.describe(r.blocks()));
    }

    /** Values from the spec's carv2-basic.json: one CIDv0 root and five blocks, the last one raw "lobster". */
    @Test
    void carV2SpecFixture() throws IOException {
        ReadResult r = readAll(CarFixture.load(CarFixture.CARV2_BASIC).bytes());
        assertEquals(2, r.version());
        assertEquals(List.of(Cid.parse("QmfEoLyB5NndqeKieExd1rtJzTduQUPEV8TwAYcUiy3H5Z")), r.roots());
        assertEquals(5, r.blocks().size());
        Block last = r.blocks().get(4);
        assertEquals(Cid.parse("bafkreifc4hca3inognou377hfhvu2xfchn2ltzi7yu27jkaeujqqqdbjju"), last.cid());
        assertEquals("lobster", new String(last.data(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void carV2FixtureStartsWithTheSpecPragma() {
        byte[] v2 = CarFixture.load(CarFixture.CARV2_BASIC).bytes();
        assertArrayEquals(HEX.parseHex(CARV2_PRAGMA), Arrays.copyOf(v2, 11));
    }

    @Test
    void carV2ReadingStopsAtTheEndOfTheDataPayload() throws IOException {
        byte[] v2 = CarFixture.load(CarFixture.IPLD_CAR_V2_PADDED).bytes();
        long dataEnd = le64(v2, 27) + le64(v2, 35);
        InputStream exploding = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("read past the CARv1 payload");
            }
        };
        InputStream in = new SequenceInputStream(
                new ByteArrayInputStream(Arrays.copyOf(v2, (int) dataEnd)), exploding);
        try (CarReader reader = CarReader.open(in)) {
            int n = 0;
            while (reader.next() != null) {
                n++;
            }
            assertEquals(CarFixture.load(CarFixture.IPLD_CAR_V2_PADDED).blocks().size(), n);
        }
    }

    @Test
    void iteratesOnce() throws IOException {
        CarFixture f = CarFixture.load(CarFixture.IPLD_CAR_V1);
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(f.bytes()))) {
            List<Block> blocks = new ArrayList<>();
            for (Block b : reader) {
                blocks.add(b);
            }
            assertEquals(CarFixture.describe(f.blocks()), CarFixture.describe(blocks));
            assertThrows(IllegalStateException.class, reader::iterator);
        }
    }

    // ---- header ----

    /**
     * Each malformed header, with what @ipld/car 5.4.7 said about the same bytes (checked with its
     * {@code CarReader.fromBytes}).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // @ipld/car: "integer encoded in more bytes than necessary (strict decode)"
        "non-shortest version, a265726f6f7473806776657273696f6e1801",
        "non-shortest array length, a265726f6f747398006776657273696f6e01",
        "non-shortest map length, b80265726f6f7473806776657273696f6e01",
        // @ipld/car: "indefinite length items not allowed"
        "indefinite array, a265726f6f74739fff6776657273696f6e01",
        "indefinite map, bf65726f6f7473806776657273696f6e01ff",
        // @ipld/car: "Invalid CAR version: 3"
        "version 3, a265726f6f7473806776657273696f6e03",
        "version 0, a265726f6f7473806776657273696f6e00",
        // @ipld/car: "too many terminals, data makes no sense"
        "trailing byte, a265726f6f7473806776657273696f6e0100",
        // @ipld/car: "Invalid CAR header format"
        "unknown key, a363666f6f0165726f6f7473806776657273696f6e01",
        "missing roots, a16776657273696f6e01",
        "roots of integers, a265726f6f747381016776657273696f6e01",
        "roots as a map, a265726f6f7473a06776657273696f6e01",
        "version 2 with roots, a265726f6f7473806776657273696f6e02",
        "missing version, a165726f6f747380",
        "negative version, a265726f6f7473806776657273696f6e20",
        "float version, a265726f6f7473806776657273696f6ef93c00",
        "not a map, 82806776657273696f6e",
        // @ipld/car: "found repeat map key"
        "repeated key, a365726f6f7473806776657273696f6e016776657273696f6e01",
        // @ipld/car: "Invalid CID for CBOR tag 42; expected leading 0x00"
        "CID without 0x00 prefix, a265726f6f747381d82a44015500006776657273696f6e01",
        "CID tag around nothing, a265726f6f747381d82a406776657273696f6e01",
        "tag 43, a265726f6f747381d82b4500015500006776657273696f6e01",
        "truncated CID, a265726f6f747381d82a430001556776657273696f6e01",
        "CID tag around text, a265726f6f747381d82a6500015500006776657273696f6e01",
        "root count beyond the header, a265726f6f74739a7fffffff6776657273696f6e01",
        "text key longer than the header, a27a7fffffff",
        "key of reserved length, a27c",
        "truncated map, a2",
    })
    void rejectsMalformedHeaders(String description, String headerHex) {
        rejects(car(headerHex, ""));
    }

    /**
     * Both go-car and @ipld/car accept the keys in the order version, roots; DAG-CBOR requires length-first order
     * and every known writer emits it, so Cairn rejects it.
     */
    @Test
    void rejectsHeaderKeysOutOfCanonicalOrder() {
        CarFormatException e = rejects(car("a26776657273696f6e0165726f6f747380", ""));
        assertTrue(e.getMessage().contains("canonical order"), e.getMessage());
    }

    @Test
    void acceptsEmptyRootsLikeIpldCar() throws IOException {
        ReadResult r = readAll(car(EMPTY_ROOTS_HEADER, ""));
        assertEquals(List.of(), r.roots());
        assertEquals(List.of(), r.blocks());
    }

    /** The CARv1 spec's placeholder root {@code \x01\x55\x00\x00}: raw codec, empty identity multihash. */
    @Test
    void acceptsTheSpecsEmptyPlaceholderRoot() throws IOException {
        ReadResult r = readAll(car("a265726f6f747381d82a4500015500006776657273696f6e01", ""));
        assertArrayEquals(HEX.parseHex("01550000"), r.roots().get(0).toBytes());
    }

    @Test
    void rejectsEmptyStreamZeroLengthAndOversizedHeaders() {
        rejects(new byte[0]);
        rejects(HEX.parseHex("00"));
        // A 9-byte varint claiming 2^62 header bytes: refused before allocating.
        CarFormatException e = rejects(HEX.parseHex("80808080808080804001"));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        byte[] basic = CarFixture.load(CarFixture.CARV1_BASIC).bytes();
        assertThrows(CarFormatException.class,
                () -> readAll(basic, CarReader.Options.DEFAULT.withMaxHeaderSize(98)));
    }

    // ---- sections ----

    @Test
    void zeroLengthSectionIsAnErrorUnlessConfiguredAsTheEnd() throws IOException {
        CarFixture f = CarFixture.load(CarFixture.IPLD_CAR_V1);
        byte[] padded = Arrays.copyOf(f.bytes(), f.bytes().length + 5);
        padded[f.bytes().length + 1] = 0x7f; // garbage after the zero that must not be read
        assertTrue(rejects(padded).getMessage().contains("zero-length section"));
        ReadResult r = readAll(padded, CarReader.Options.DEFAULT.withZeroLengthSectionAsEnd(true));
        assertEquals(CarFixture.describe(f.blocks()), CarFixture.describe(r.blocks()));
    }

    @Test
    void sectionOverTheLimitIsRejectedBeforeReadingIt() throws IOException {
        // Claims 2^42 bytes and provides none.
        CarFormatException e = rejects(car(EMPTY_ROOTS_HEADER, "80808080808001"));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        byte[] basic = CarFixture.load(CarFixture.CARV1_BASIC).bytes();
        // carv1-basic.json: the largest section is 133 bytes with its 2-byte varint, i.e. a 34-byte CIDv0 and
        // 97 bytes of data, so its length prefix says 131.
        assertEquals(8, readAll(basic, CarReader.Options.DEFAULT.withMaxSectionSize(131)).blocks().size());
        assertThrows(CarFormatException.class,
                () -> readAll(basic, CarReader.Options.DEFAULT.withMaxSectionSize(130)));
    }

    @Test
    void corruptedBlockDataNamesTheCid() {
        byte[] basic = CarFixture.load(CarFixture.CARV1_BASIC).bytes().clone();
        basic[basic.length - 1] ^= 1; // inside the last block, "limbo"
        CarFormatException e = rejects(basic);
        assertTrue(e.getMessage().contains("bafyreidj5idub6mapiupjwjsyyxhyhedxycv4vihfsicm2vt46o7morwlm"),
                e.getMessage());
    }

    @Test
    void rejectsBlocksItCannotVerify() {
        byte[] data = {1, 2, 3};
        // sha1 is not an accepted hash function.
        Cid sha1 = Cid.v1(Multicodec.RAW, io.cairn.core.multiformats.Multihash.of(0x11, new byte[20]));
        rejects(car(EMPTY_ROOTS_HEADER, HEX.formatHex(section(sha1, data))));
        // An identity "hash" of 129 bytes is over the limit even though it matches.
        byte[] big = new byte[129];
        Cid identity = Cid.of(1, Multicodec.RAW, HashFunction.IDENTITY, big);
        rejects(car(EMPTY_ROOTS_HEADER, HEX.formatHex(section(identity, big))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "CID version 2, 040201550000",
        "CID version 0 as a varint, 0400015500",
        "0x12 not followed by 0x20, 031221aa",
        "digest longer than the section, 0601551220aaaa",
        "CID longer than the section, 020155",
        "non-minimal codec varint, 06018100120100",
        "section length varint of 10 bytes, 80808080808080808001",
        "stream ends in the length, 80",
        "stream ends in the CID, 2401551220aabb",
        "stream ends in the data, 0a01550003616263",
    })
    void rejectsMalformedSections(String description, String sectionHex) {
        rejects(car(EMPTY_ROOTS_HEADER, sectionHex));
    }

    /** Blocks past 1 MiB take the reader's growing-buffer path; past 8 MiB they need a raised limit. */
    @Test
    void largeBlocksAndTheDefaultLimit() throws IOException {
        byte[] data = new byte[(8 << 20) + 1];
        new java.util.Random(42).nextBytes(data);
        Block big = new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data), data);
        byte[] smallData = Arrays.copyOf(data, 3 << 20);
        Block medium = new Block(Cid.of(1, Multicodec.RAW, HashFunction.BLAKE3, smallData), smallData);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter writer = new CarWriter(out, List.of(big.cid()))) {
            writer.write(medium);
            writer.write(big);
        }
        byte[] car = out.toByteArray();
        CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(car));
        assertTrue(e.getMessage().contains("exceeds the limit of " + (8 << 20)), e.getMessage());
        ReadResult r = readAll(car, CarReader.Options.DEFAULT.withMaxSectionSize(9 << 20));
        assertEquals(List.of(medium.cid(), big.cid()), r.blocks().stream().map(Block::cid).toList());
        assertArrayEquals(data, r.blocks().get(1).data());
        // Cut inside the big block: the growing read reports the truncation.
        assertThrows(CarFormatException.class, () -> readAll(Arrays.copyOf(car, car.length - (5 << 20)),
                CarReader.Options.DEFAULT.withMaxSectionSize(9 << 20)));
    }

    @Test
    void acceptsAnEmptyBlock() throws IOException {
        Cid empty = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[0]);
        ReadResult r = readAll(car(EMPTY_ROOTS_HEADER, HEX.formatHex(section(empty, new byte[0]))));
        assertEquals(empty, r.blocks().get(0).cid());
        assertEquals(0, r.blocks().get(0).size());
    }

    @Test
    void keepsDuplicateSections() throws IOException {
        byte[] data = {7};
        Cid cid = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data);
        String s = HEX.formatHex(section(cid, data));
        assertEquals(2, readAll(car(EMPTY_ROOTS_HEADER, s + s)).blocks().size());
    }

    // ---- CARv2 ----

    private static byte[] v2With(int offset, long value) {
        byte[] v2 = CarFixture.load(CarFixture.CARV2_BASIC).bytes().clone();
        ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
        return v2;
    }

    private static long le64(byte[] b, int offset) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    private static final int DATA_OFFSET = 11 + 16;
    private static final int DATA_SIZE = 11 + 24;
    private static final int INDEX_OFFSET = 11 + 32;

    @Test
    void carV2HeaderFieldsAreChecked() {
        byte[] basic = CarFixture.load(CarFixture.CARV2_BASIC).bytes();
        assertEquals(51, le64(basic, DATA_OFFSET));
        assertEquals(448, le64(basic, DATA_SIZE));
        assertEquals(499, le64(basic, INDEX_OFFSET));
        rejects(v2With(DATA_OFFSET, 50));
        rejects(v2With(DATA_OFFSET, -1));
        rejects(v2With(DATA_OFFSET, Long.MAX_VALUE));
        rejects(v2With(DATA_SIZE, 0));
        rejects(v2With(DATA_SIZE, Long.MAX_VALUE));
        rejects(v2With(INDEX_OFFSET, 498));
        rejects(Arrays.copyOf(basic, 11 + 39));
    }

    @Test
    void carV2PayloadBoundsAreEnforced() throws IOException {
        // A payload reaching one byte past the end of the file: the index bytes are read as sections, and the
        // stream ends before the payload does.
        byte[] tooLong = v2With(DATA_SIZE, 715 - 51 + 1);
        ByteBuffer.wrap(tooLong).order(ByteOrder.LITTLE_ENDIAN).putLong(INDEX_OFFSET, 0);
        rejects(tooLong);
        // One byte less than the payload: the last section runs past its end.
        byte[] cut = v2With(DATA_SIZE, 447);
        cut = ByteBuffer.wrap(cut).order(ByteOrder.LITTLE_ENDIAN).putLong(INDEX_OFFSET, 0).array();
        rejects(cut);
        // Ending the payload exactly at the last section boundary (offset 455 per carv2-basic.json) is a shorter
        // but valid CAR.
        byte[] shorter = v2With(DATA_SIZE, 455 - 51);
        assertEquals(4, readAll(shorter).blocks().size());
    }

    @Test
    void carV2PayloadMustBeCarV1() {
        byte[] basic = CarFixture.load(CarFixture.CARV2_BASIC).bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(basic, 51));
        out.writeBytes(basic); // a CARv2 where its CARv1 should be
        byte[] nested = out.toByteArray();
        ByteBuffer.wrap(nested).order(ByteOrder.LITTLE_ENDIAN).putLong(DATA_SIZE, basic.length)
                .putLong(INDEX_OFFSET, 0);
        rejects(nested);
    }

    // ---- truncation and I/O errors ----

    /**
     * Cutting a CAR at any byte either raises CarFormatException or, for a CARv1 cut exactly between sections,
     * yields a prefix of its blocks; a CARv2 cut anywhere before the end of its payload always fails.
     */
    @ParameterizedTest
    @MethodSource("smallFixtures")
    void truncationAtEveryOffset(String name) throws IOException {
        CarFixture f = CarFixture.load(name);
        byte[] all = f.bytes();
        long payloadEnd = f.version() == 2 ? le64(all, DATA_OFFSET) + le64(all, DATA_SIZE) : all.length;
        List<String> expected = CarFixture.describe(f.blocks());
        for (int n = 0; n < all.length; n++) {
            byte[] cut = Arrays.copyOf(all, n);
            ReadResult r;
            try {
                r = readAll(cut);
            } catch (CarFormatException e) {
                continue;
            }
            if (f.version() == 2 && n < payloadEnd) {
                fail("CARv2 cut at " + n + " before its payload end " + payloadEnd + " was accepted");
            }
            List<String> got = CarFixture.describe(r.blocks());
            assertEquals(expected.subList(0, got.size()), got, "cut at " + n);
            assertFalse(f.version() == 2 && got.size() != expected.size(), "cut at " + n);
        }
    }

    @Test
    void streamFailuresStayIOExceptions() {
        byte[] v1 = CarFixture.load(CarFixture.IPLD_CAR_V1).bytes();
        for (int at : new int[] {0, 5, 200, v1.length - 1}) {
            InputStream failing = new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(v1, at)),
                    new InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new IOException("disk on fire");
                        }
                    });
            IOException e = assertThrows(IOException.class, () -> {
                try (CarReader reader = CarReader.open(failing)) {
                    while (reader.next() != null) {
                        // drain
                    }
                }
            });
            assertEquals("disk on fire", e.getMessage());
        }
    }

    @Test
    void aFailedReaderStaysFailed() throws IOException {
        byte[] basic = CarFixture.load(CarFixture.CARV1_BASIC).bytes().clone();
        basic[basic.length - 1] ^= 1;
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(basic))) {
            assertThrows(CarFormatException.class, () -> {
                while (reader.next() != null) {
                    // drain
                }
            });
            assertThrows(IllegalStateException.class, reader::next);
        }
    }
}
