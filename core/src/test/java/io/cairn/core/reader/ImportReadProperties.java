package io.cairn.core.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.Layout;
import io.cairn.core.multiformats.Cid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Build-then-read: whatever the chunker, layout, fan-out, leaf kind and CID version, the reader returns exactly
 * the imported bytes, and any range of them; and a range read fetches only the blocks on the way to the range
 * (plus bounded lookahead), never the leaves before it. Small chunks and fan-outs of 2 to 5 make trees many levels
 * deep from inputs of at most a few MB.
 */
class ImportReadProperties {
    /** Caps the number of chunks, so that tiny chunk sizes do not make tries slow. */
    private static final int MAX_CHUNKS = 3_000;
    private static final int MAX_SIZE = 3 << 20;

    enum Content { RANDOM, ZEROS, PERIODIC }

    record Import(String chunker, Layout layout, int maxLinks, boolean rawLeaves, int cidVersion, int size,
            Content content, long seed) {
        ImportOptions options() {
            return ImportOptions.builder().chunker(chunker).layout(layout).maxLinks(maxLinks).rawLeaves(rawLeaves)
                    .cidVersion(cidVersion).build();
        }

        byte[] data() {
            Random r = new Random(seed);
            byte[] d = new byte[size];
            switch (content) {
                case RANDOM -> r.nextBytes(d);
                case ZEROS -> { }
                case PERIODIC -> {
                    byte[] period = new byte[1 + r.nextInt(64)];
                    r.nextBytes(period);
                    for (int i = 0; i < d.length; i++) {
                        d[i] = period[i % period.length];
                    }
                }
            }
            return d;
        }
    }

    /** Edge cases off: mixed into flatMapped parameters they crowd out the large, deep inputs (see the next one). */
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void readReturnsTheInputAndEveryRange(@ForAll("imports") Import imp) throws IOException {
        checkImport(imp);
    }

    /** The sizes where layouts change shape: empty, one byte, and one byte either side of k chunks. */
    @Property(tries = 100)
    void sizesAroundChunkBoundariesReadBack(@ForAll("boundaryImports") Import imp) throws IOException {
        checkImport(imp);
    }

    /** Buzhash chunks are 128 KiB to 512 KiB, so its inputs are larger and its tries fewer. */
    @Property(tries = 12)
    void buzhashImportsReadBack(@ForAll("buzhashImports") Import imp) throws IOException {
        checkImport(imp);
    }

    /**
     * A tree 12 levels deep over about 2,900 leaves: one byte near the end costs a path from the root plus
     * lookahead, not the leaves before it.
     */
    @Example
    void oneByteDeepInADeepTreeFetchesAPathNotThePrefix() throws IOException {
        byte[] data = new byte[20_000];
        new Random(7).nextBytes(data);
        MemoryBlockStore store = new MemoryBlockStore();
        ImportOptions options = ImportOptions.builder().chunker("size-7").maxLinks(2).cidVersion(1).build();
        Cid root = FileDagBuilder.build(new ByteArrayInputStream(data), options, store).cid();
        FileShape shape = new FileShape(store);
        int depth = shape.depth(root);
        assertTrue(depth >= 11, "depth " + depth);

        CountingSource source = store.source();
        UnixFsReader reader = new UnixFsReader(source);
        byte[] got = readAll(reader.open(root, 19_000, 1));
        assertArrayEquals(new byte[] {data[19_000]}, got);
        int fetched = source.distinct().size();
        assertTrue(fetched <= 1 + FileStream.LOOKAHEAD * depth && fetched < 100,
                fetched + " fetches for one byte at depth " + depth + " over " + shape.leafCount(root) + " leaves");
    }

    @Example
    void streamReadsByteByByteAndInOddPieces() throws IOException {
        byte[] data = new byte[5_000];
        new Random(3).nextBytes(data);
        MemoryBlockStore store = new MemoryBlockStore();
        ImportOptions options = ImportOptions.builder().chunker("size-100").maxLinks(3).build();
        Cid root = FileDagBuilder.build(new ByteArrayInputStream(data), options, store).cid();
        UnixFsReader reader = new UnixFsReader(store.source());

        try (InputStream in = reader.open(root, 123, 1_000)) {
            for (int i = 0; i < 1_000; i++) {
                assertEquals(data[123 + i] & 0xFF, in.read(), "byte " + (123 + i));
            }
            assertEquals(-1, in.read());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = reader.open(root)) {
            byte[] buf = new byte[37];
            int n;
            while ((n = in.read(buf, 3, 31)) >= 0) {
                out.write(buf, 3, n);
            }
        }
        assertArrayEquals(data, out.toByteArray());
    }

    private static void checkImport(Import imp) throws IOException {
        byte[] data = imp.data();
        MemoryBlockStore store = new MemoryBlockStore();
        FileLink link = FileDagBuilder.build(new ByteArrayInputStream(data), imp.options(), store);
        Cid root = link.cid();
        assertEquals(data.length, link.fileSize());

        CountingSource source = store.source();
        UnixFsReader reader = new UnixFsReader(source);
        assertEquals(data.length, reader.load(root).fileSize());
        assertArrayEquals(data, readAll(reader.open(root)));

        FileShape shape = new FileShape(store);
        assertEquals(data.length, shape.size(root));
        for (long[] range : ranges(data.length, new Random(imp.seed() ^ 0x5DEECE66DL))) {
            long offset = range[0];
            long length = range[1];
            source.reset();
            byte[] got = readAll(reader.open(root, offset, length));
            int from = (int) Math.min(offset, data.length);
            int to = (int) Math.min(data.length, from + Math.min(length, data.length));
            String what = "offset " + offset + " length " + length + " of " + data.length;
            assertArrayEquals(Arrays.copyOfRange(data, from, to), got, what);
            assertArrayEquals(got, readSegments(reader.open(root, offset, length), 1 + (int) (offset % 70_000)),
                    "by segments, " + what);

            FileShape.Budget budget = shape.budget(root, offset, length, FileStream.LOOKAHEAD);
            Set<Cid> fetched = source.distinct();
            Set<Cid> unexpected = new HashSet<>(fetched);
            unexpected.removeAll(budget.allowed());
            assertEquals(Set.of(), unexpected, "fetched outside the range's path and lookahead, " + what);
            assertTrue(fetched.containsAll(budget.needed()), "a needed block was not fetched, " + what);
            assertTrue(fetched.size() <= budget.maxDistinctFetches(),
                    fetched.size() + " fetches over a budget of " + budget.maxDistinctFetches() + ", " + what);
        }
    }

    /** Offsets and lengths at and around both ends, past the end, and at random; lengths up to Long.MAX_VALUE. */
    private static List<long[]> ranges(int size, Random r) {
        List<long[]> out = new ArrayList<>();
        out.add(new long[] {0, 0});
        out.add(new long[] {0, 1});
        out.add(new long[] {size, 1});
        out.add(new long[] {size + 1L + r.nextInt(1000), Long.MAX_VALUE});
        out.add(new long[] {Math.max(0, size - 1), Long.MAX_VALUE});
        for (int i = 0; i < 6; i++) {
            long offset = r.nextInt(size + 2);
            long length = switch (r.nextInt(5)) {
                case 0 -> 1;
                case 1 -> Long.MAX_VALUE;
                case 2 -> Math.max(0, size - offset);
                case 3 -> 1 + r.nextInt(64);
                default -> r.nextInt(size + 2);
            };
            out.add(new long[] {offset, length});
        }
        return out;
    }

    /** The stream read through {@link SegmentedInput#nextSegment} with at most {@code max} bytes a segment. */
    private static byte[] readSegments(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            SegmentedInput segments = (SegmentedInput) in;
            SegmentedInput.Segment s;
            while ((s = segments.nextSegment(max)) != null) {
                assertTrue(s.length() >= 1 && s.length() <= max);
                out.write(s.array(), s.offset(), s.length());
            }
        }
        return out.toByteArray();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Provide
    Arbitrary<Import> imports() {
        Arbitrary<Tuple.Tuple2<String, Integer>> chunker = Arbitraries.oneOf(fixedSize(), rabin());
        return chunker.flatMap(c -> build(Arbitraries.just(c.get1()), c.get2()));
    }

    @Provide
    Arbitrary<Import> buzhashImports() {
        return build(Arbitraries.just("buzhash"), MAX_SIZE);
    }

    @Provide
    Arbitrary<Import> boundaryImports() {
        return Combinators.combine(Arbitraries.integers().between(1, 64), Arbitraries.integers().between(2, 5),
                Arbitraries.integers().between(0, 40), Arbitraries.integers().between(-1, 1))
                .flatAs((n, links, chunks, delta) -> {
                    int size = Math.max(0, n * chunks + delta);
                    return Combinators.combine(Arbitraries.of(Layout.class), Arbitraries.of(true, false),
                            Arbitraries.of(0, 1), Arbitraries.of(Content.class), Arbitraries.longs())
                            .as((layout, raw, version, content, seed) ->
                                    new Import("size-" + n, layout, links, raw, version, size, content, seed));
                });
    }

    /** {@code size-N} with the largest input that stays under {@link #MAX_CHUNKS} chunks. */
    private static Arbitrary<Tuple.Tuple2<String, Integer>> fixedSize() {
        return Arbitraries.integers().between(1, 4_096).withDistribution(RandomDistribution.uniform())
                .map(n -> Tuple.of("size-" + n, (int) Math.min(MAX_SIZE, (long) n * MAX_CHUNKS)));
    }

    /** {@code rabin-MIN-AVG-MAX} with small values (the chunker's window needs MIN of at least 16). */
    private static Arbitrary<Tuple.Tuple2<String, Integer>> rabin() {
        return Arbitraries.integers().between(16, 256).flatMap(min ->
                Arbitraries.integers().between(min + 1, min * 4).flatMap(avg ->
                        Arbitraries.integers().between(avg + 1, avg * 4).map(max ->
                                Tuple.of("rabin-" + min + "-" + avg + "-" + max,
                                        (int) Math.min(MAX_SIZE, (long) avg * MAX_CHUNKS)))));
    }

    private static Arbitrary<Import> build(Arbitrary<String> chunker, int maxSize) {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.integers().between(0, 64)),
                Tuple.of(1, Arbitraries.integers().between(0, maxSize).withDistribution(RandomDistribution.biased())),
                Tuple.of(4, Arbitraries.integers().between(maxSize / 8, maxSize)
                        .withDistribution(RandomDistribution.uniform())));
        Arbitrary<Content> content = Arbitraries.frequency(
                Tuple.of(6, Content.RANDOM), Tuple.of(1, Content.ZEROS), Tuple.of(2, Content.PERIODIC));
        return Combinators.combine(chunker, Arbitraries.of(Layout.class), Arbitraries.integers().between(2, 5),
                Arbitraries.of(true, false), Arbitraries.of(0, 1), size, content, Arbitraries.longs())
                .as(Import::new);
    }
}
