package io.cairn.core.chunker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * What every chunker promises whatever the data: the chunks are the stream; each is within the spec's sizes; the
 * boundaries do not depend on how the stream splits its reads; memory-friendly reads.
 */
class ChunkerProperties {
    @Property(tries = 300)
    void smallChunkersOverSmallData(@ForAll("smallSpecs") ChunkerSpec spec, @ForAll("smallData") byte[] data,
            @ForAll @IntRange(min = 1, max = 5000) int maxRead, @ForAll long seed) throws IOException {
        checkChunking(spec, data, maxRead, seed);
    }

    @Property(tries = 20)
    void largeChunkersOverLargeData(@ForAll("largeSpecs") ChunkerSpec spec,
            @ForAll @IntRange(min = 0, max = 3_000_000) int length, @ForAll long seed) throws IOException {
        checkChunking(spec, TestData.segments(seed, length), 200_000, seed);
    }

    private static void checkChunking(ChunkerSpec spec, byte[] data, int maxRead, long seed) throws IOException {
        List<byte[]> chunks = TestData.chunks(spec, new ByteArrayInputStream(data));
        assertArrayEquals(data, TestData.concat(chunks));
        for (int i = 0; i < chunks.size(); i++) {
            int length = chunks.get(i).length;
            assertTrue(length > 0 && length <= spec.maxChunkSize(), "chunk " + i + ": " + length);
            if (i < chunks.size() - 1) {
                assertTrue(length >= spec.minChunkSize(), "chunk " + i + ": " + length);
            }
        }
        List<byte[]> trickled = TestData.chunks(spec, TestData.trickle(data, maxRead, seed));
        assertEquals(TestData.lengths(chunks), TestData.lengths(trickled));
    }

    @Property(tries = 100)
    void fixedSizeChunksAreExact(@ForAll @IntRange(min = 1, max = 200_000) int size,
            @ForAll @IntRange(min = 0, max = 600_000) int length, @ForAll long seed) throws IOException {
        byte[] data = TestData.segments(seed, length);
        List<Integer> lengths = TestData.lengths(
                TestData.chunks(ChunkerSpec.parse("size-" + size), TestData.trickle(data, 70_000, seed)));
        assertEquals(TestData.repeated(size, length / size, length % size), lengths);
    }

    /**
     * Framed chunks ({@link Chunker#nextChunk(int, int)}, what the importer reads leaves into) are the same chunks
     * as plain ones, at the asked offset with the asked room after them, whatever the spec and however the stream
     * splits its reads; the room is left zero.
     */
    @Property(tries = 150)
    void framedChunksAreThePlainChunks(@ForAll("framedSpecs") ChunkerSpec spec,
            @ForAll @IntRange(min = 0, max = 700_000) int length, @ForAll @IntRange(min = 0, max = 12) int headroom,
            @ForAll @IntRange(min = 0, max = 6) int tailroom, @ForAll long seed) throws IOException {
        byte[] data = TestData.segments(seed, length);
        List<byte[]> plain = TestData.chunks(spec, new ByteArrayInputStream(data));
        List<byte[]> framed = new ArrayList<>();
        try (Chunker chunker = spec.open(TestData.trickle(data, 90_000, seed))) {
            for (byte[] f = chunker.nextChunk(headroom, tailroom); f != null;
                    f = chunker.nextChunk(headroom, tailroom)) {
                framed.add(f);
            }
        }
        assertEquals(plain.size(), framed.size());
        for (int i = 0; i < plain.size(); i++) {
            byte[] f = framed.get(i);
            assertEquals(headroom + plain.get(i).length + tailroom, f.length, "chunk " + i);
            assertArrayEquals(plain.get(i), Arrays.copyOfRange(f, headroom, f.length - tailroom), "chunk " + i);
            for (int j = 0; j < headroom; j++) {
                assertEquals(0, f[j]);
            }
            for (int j = f.length - tailroom; j < f.length; j++) {
                assertEquals(0, f[j]);
            }
        }
    }

    @Provide
    Arbitrary<ChunkerSpec> framedSpecs() {
        return Arbitraries.of("size-1000", "size-65535", "size-65536", "size-262144", "rabin-16-32-64", "buzhash")
                .map(ChunkerSpec::parse);
    }

    @Property(tries = 30)
    void emptyStreamHasNoChunk(@ForAll("smallSpecs") ChunkerSpec spec) throws IOException {
        try (Chunker chunker = spec.open(InputStream.nullInputStream())) {
            assertNull(chunker.nextChunk());
            assertNull(chunker.nextChunk());
        }
    }

    /** Each chunk is the caller's: later chunks must not overwrite it. */
    @Test
    void chunksAreIndependentArrays() throws IOException {
        byte[] data = TestData.random(5, 2_000_000);
        for (String text : List.of("size-1000", "size-262144", "rabin", "rabin-16-32-64", "buzhash")) {
            List<byte[]> chunks = TestData.chunks(ChunkerSpec.parse(text), new ByteArrayInputStream(data));
            assertArrayEquals(data, TestData.concat(chunks), text);
        }
    }

    @Test
    void readsAreLargeAndNeverByteAtATime() throws IOException {
        byte[] data = TestData.random(6, 3_000_000);
        for (String text : List.of("size-10", "size-65535", "size-262144", "rabin", "rabin-16-32-64", "buzhash")) {
            List<Integer> requested = new ArrayList<>();
            InputStream in = new ByteArrayInputStream(data) {
                @Override
                public synchronized int read() {
                    throw new AssertionError("byte-at-a-time read");
                }

                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    requested.add(len);
                    return super.read(b, off, len);
                }
            };
            TestData.chunks(ChunkerSpec.parse(text), in);
            assertTrue(requested.stream().allMatch(len -> len >= 64 * 1024), text + ": " + requested);
        }
    }

    @Test
    void closeClosesTheStreamAndEndsTheChunker() throws IOException {
        for (String text : List.of("size-10", "size-262144", "rabin", "buzhash")) {
            boolean[] closed = {false};
            InputStream in = new ByteArrayInputStream(new byte[100]) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            Chunker chunker = ChunkerSpec.parse(text).open(in);
            chunker.close();
            assertTrue(closed[0], text);
            assertThrows(IOException.class, chunker::nextChunk, text);
        }
    }

    @Provide
    Arbitrary<ChunkerSpec> smallSpecs() {
        Arbitrary<ChunkerSpec> size = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 64), Arbitraries.integers().between(65, 70_000))
                .map(n -> ChunkerSpec.parse("size-" + n));
        Arbitrary<ChunkerSpec> rabin = Arbitraries.integers().between(16, 600).flatMap(min ->
                Arbitraries.integers().between(min + 1, min + 3000).flatMap(avg ->
                        Arbitraries.integers().between(avg + 1, avg + 5000)
                                .map(max -> ChunkerSpec.parse("rabin-" + min + "-" + avg + "-" + max))));
        Arbitrary<ChunkerSpec> rabinAvg = Arbitraries.integers().between(48, 4000)
                .map(avg -> ChunkerSpec.parse("rabin-" + avg));
        return Arbitraries.oneOf(size, rabin, rabinAvg);
    }

    @Provide
    Arbitrary<ChunkerSpec> largeSpecs() {
        return Arbitraries.oneOf(
                Arbitraries.of("buzhash", "rabin", "rabin-262144-524288-1048576", "size-262144", "size-1048576")
                        .map(ChunkerSpec::parse),
                Arbitraries.integers().between(48, 1_397_931).map(avg -> ChunkerSpec.parse("rabin-" + avg)));
    }

    /** Random bytes, runs of one byte and repeated short patterns, up to about 60 KB. */
    @Provide
    Arbitrary<byte[]> smallData() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<byte[]> run = Arbitraries.integers().between(1, 5000).flatMap(n ->
                Arbitraries.bytes().map(b -> {
                    byte[] out = new byte[n];
                    Arrays.fill(out, b);
                    return out;
                }));
        Arbitrary<byte[]> pattern = Arbitraries.integers().between(1, 5000).flatMap(n ->
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(p -> {
                    byte[] out = new byte[n];
                    for (int i = 0; i < n; i++) {
                        out[i] = p[i % p.length];
                    }
                    return out;
                }));
        return Arbitraries.oneOf(random, run, pattern).list().ofMaxSize(12).map(TestData::concat);
    }
}
