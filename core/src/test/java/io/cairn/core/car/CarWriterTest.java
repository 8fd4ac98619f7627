package io.cairn.core.car;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CarWriterTest {

    private static byte[] write(List<Cid> roots, List<Block> blocks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter writer = new CarWriter(out, roots)) {
            for (Block b : blocks) {
                writer.write(b);
            }
        }
        return out.toByteArray();
    }

    /** go-car wrote the spec fixture and @ipld/car the others; the same roots and blocks must give the same bytes. */
    @ParameterizedTest
    @ValueSource(strings = {CarFixture.CARV1_BASIC, CarFixture.IPLD_CAR_V1, CarFixture.IPLD_CAR_V1_NO_ROOTS,
        CarFixture.IPLD_CAR_V1_MANY_ROOTS})
    void writesTheSameBytesAsTheReferenceImplementations(String name) throws IOException {
        CarFixture f = CarFixture.load(name);
        assertArrayEquals(f.bytes(), write(f.roots(), f.blocks()));
    }

    /**
     * The carv1-basic spec fixture opens with {@code 0x63} (a 99-byte header) and the map {@code {"roots": [2 CIDs],
     * "version": 1}} that its carv1-basic.json describes; the constructor alone must write exactly those 100 bytes.
     */
    @Test
    void constructorWritesTheSpecFixtureHeader() throws IOException {
        CarFixture f = CarFixture.load(CarFixture.CARV1_BASIC);
        assertEquals(0x63, f.bytes()[0]);
        assertEquals(List.of(Cid.parse("bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm"),
                Cid.parse("bafyreidj5idub6mapiupjwjsyyxhyhedxycv4vihfsicm2vt46o7morwlm")), f.roots());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter writer = new CarWriter(out, f.roots());
        writer.flush();
        assertArrayEquals(Arrays.copyOf(f.bytes(), 100), out.toByteArray());
        writer.close();
    }

    @Test
    void emptyRootsHeaderMatchesIpldCar() throws IOException {
        CarFixture f = CarFixture.load(CarFixture.IPLD_CAR_V1_NO_ROOTS);
        byte[] header = write(List.of(), List.of());
        // {"roots": [], "version": 1} is 17 bytes of DAG-CBOR after its varint length.
        assertEquals(18, header.length);
        assertArrayEquals(Arrays.copyOf(f.bytes(), header.length), header);
    }

    @Test
    void writesEachCidOnce() throws IOException {
        CarFixture f = CarFixture.load(CarFixture.IPLD_CAR_V1);
        List<Block> b = f.blocks();
        List<Block> withRepeats = List.of(b.get(0), b.get(0), b.get(1), b.get(2), b.get(0), b.get(3), b.get(1),
                b.get(4), b.get(4), b.get(5), b.get(2));
        assertArrayEquals(f.bytes(), write(f.roots(), withRepeats));
    }

    @Test
    void cidV0AndV1OfTheSameContentAreDifferentCids() throws IOException {
        byte[] data = {0x0a, 0x02, 0x08, 0x01};
        Cid v0 = Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, data);
        byte[] car = write(List.of(v0), List.of(new Block(v0, data), new Block(v0.toV1(), data)));
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            assertEquals(v0, reader.next().cid());
            assertEquals(v0.toV1(), reader.next().cid());
            assertEquals(null, reader.next());
        }
    }

    @Test
    void isABlockSink() throws IOException {
        CarFixture f = CarFixture.load(CarFixture.IPLD_CAR_V1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter writer = new CarWriter(out, f.roots())) {
            BlockSink sink = writer;
            for (Block b : f.blocks()) {
                sink.put(b);
            }
        }
        assertArrayEquals(f.bytes(), out.toByteArray());
    }

    @Test
    void closeFlushesAndClosesTheStreamAndLaterWritesFail() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Block block = new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256,
                "x".getBytes(StandardCharsets.UTF_8)), "x".getBytes(StandardCharsets.UTF_8));
        CarWriter writer = new CarWriter(out, List.of(block.cid()));
        writer.write(block);
        writer.close();
        writer.close();
        assertTrue(closed[0]);
        assertThrows(IOException.class, () -> writer.write(block));
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(block.cid(), reader.next().cid());
        }
    }
}
