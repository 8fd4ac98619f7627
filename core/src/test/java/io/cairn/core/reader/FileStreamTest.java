package io.cairn.core.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.block.BlockSource;
import io.cairn.core.dagpb.DagPbFormatException;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * End-of-range behaviour of the file stream, which InputStream's own helpers depend on; transferTo, which writes
 * blocks straight out; and reading through a source that completes on other threads (decoding happens there).
 */
class FileStreamTest {
    private final MemoryBlockStore store = new MemoryBlockStore();
    private final byte[] data = new byte[1_000];
    private final Cid root;

    FileStreamTest() throws IOException {
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        ImportOptions options = ImportOptions.builder().chunker("size-100").maxLinks(3).build();
        root = FileDagBuilder.build(new ByteArrayInputStream(data), options, store).cid();
    }

    /**
     * Leaves are asked for {@value FileStream#LOOKAHEAD} ahead, inner nodes one ahead: a reader stalled after its
     * first byte holds at most two nodes per inner level, whatever their width. 10,000 bytes in 10-byte leaves,
     * 16 links a node: a root of 4 inner nodes of 16 inner nodes of 16 leaves.
     */
    @Test
    void innerNodesAreReadAheadOneAtATime() throws IOException {
        byte[] big = new byte[10_000];
        new java.util.Random(5).nextBytes(big);
        ImportOptions options = ImportOptions.builder().chunker("size-10").maxLinks(16).build();
        Cid wide = FileDagBuilder.build(new ByteArrayInputStream(big), options, store).cid();
        CountingSource source = store.source();
        try (InputStream in = new UnixFsReader(source).open(wide)) {
            assertEquals(big[0] & 0xFF, in.read());
            // root, 2 of its 4 children, 2 of the first child's 16, and 8 leaves of the first of those
            assertEquals(1 + 2 + 2 + FileStream.LOOKAHEAD, source.distinct().size(), source.requests().toString());
            assertArrayEquals(Arrays.copyOfRange(big, 1, big.length), in.readAllBytes());
        }
    }

    /**
     * nextSegment hands out the file as views of the stored blocks' own arrays (the dag-pb leaves' Data fields in
     * place, nothing copied), with the same bytes and ends as read, and both APIs advance one position.
     */
    @Test
    void segmentsAreViewsOfTheStoredBlocks() throws IOException {
        Set<byte[]> stored = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Cid c : store.putOrder()) {
            stored.add(store.get(c.multihash()).orElseThrow());
        }
        UnixFsReader reader = new UnixFsReader(store.source());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = reader.open(root, 130, 500)) {
            SegmentedInput segments = (SegmentedInput) in;
            out.write(in.read());
            SegmentedInput.Segment s;
            int max = 1;
            while ((s = segments.nextSegment(max)) != null) {
                assertTrue(stored.contains(s.array()), "segment is not a view of a stored block");
                assertTrue(s.length() >= 1 && s.length() <= max, s.length() + " bytes for max " + max);
                out.write(s.array(), s.offset(), s.length());
                max = max % 150 + 37;
                int b = in.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
            }
            assertNull(segments.nextSegment(10));
            assertEquals(-1, in.read());
        }
        assertArrayEquals(Arrays.copyOfRange(data, 130, 630), out.toByteArray());
    }

    /**
     * A range that ends inside a leaf must then report end of stream (-1), not 0: readAllBytes and readNBytes
     * loop for as long as read returns 0, so a 0 there hangs them.
     */
    @Test
    void rangeEndingInsideALeafEndsTheStream() throws IOException {
        UnixFsReader reader = new UnixFsReader(store.source());
        try (InputStream in = reader.open(root, 150, 20)) {
            byte[] buf = new byte[64];
            assertEquals(20, in.read(buf, 0, 64));
            assertArrayEquals(Arrays.copyOfRange(data, 150, 170), Arrays.copyOf(buf, 20));
            assertEquals(-1, in.read(buf, 0, 64));
            assertEquals(-1, in.read());
        }
        byte[] all = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> reader.open(root, 150, 20).readAllBytes());
        assertArrayEquals(Arrays.copyOfRange(data, 150, 170), all);
    }

    /**
     * Lookahead asks only for siblings the range reaches: the first 50 bytes need the root, one node per level and
     * the first leaf (10 leaves of 100 bytes, 3 links a node: 4 blocks), not the first 3 children of every level.
     * A whole read still asks for every block once.
     */
    @Test
    void shortRangeFetchesOnlyTheBlocksItReaches() throws IOException {
        CountingSource source = store.source();
        UnixFsReader reader = new UnixFsReader(source);
        try (InputStream in = reader.open(root, 0, 50)) {
            assertArrayEquals(Arrays.copyOf(data, 50), in.readAllBytes());
        }
        assertEquals(4, source.requests().size(), source.requests().toString());
        source.reset();
        try (InputStream in = reader.open(root, 250, 100)) {
            assertArrayEquals(Arrays.copyOfRange(data, 250, 350), in.readAllBytes());
        }
        assertEquals(6, source.requests().size(),
                "root, the second-level node, the first two nodes under it, leaves 2 and 3: " + source.requests());
        source.reset();
        try (InputStream in = reader.open(root)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(17, source.requests().size(), "10 leaves, 4 + 2 nodes and the root, each once");
        assertEquals(17, source.distinct().size());
    }

    @Test
    void zeroLengthReadsReturnZeroUntilTheEnd() throws IOException {
        try (InputStream in = new UnixFsReader(store.source()).open(root, 990, 100)) {
            assertEquals(0, in.read(new byte[4], 0, 0));
            assertEquals(10, in.readAllBytes().length);
        }
    }

    @Test
    void closedStreamRefusesReads() throws IOException {
        InputStream in = new UnixFsReader(store.source()).open(root);
        in.close();
        assertThrows(IOException.class, in::read);
    }

    @Test
    void negativeOffsetOrLengthIsRefused() {
        UnixFsReader reader = new UnixFsReader(store.source());
        assertThrows(IllegalArgumentException.class, () -> reader.open(root, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> reader.open(root, 0, -1));
    }

    /** transferTo writes exactly the range that read would return, and says how many bytes it wrote. */
    @Test
    void transferToWritesTheRange() throws IOException {
        UnixFsReader reader = new UnixFsReader(store.source());
        long[][] ranges = {{0, Long.MAX_VALUE}, {150, 20}, {99, 2}, {150, 500}, {0, 1000}, {999, 5}, {1000, 5},
            {5000, 1}, {0, 0}, {100, 100}};
        for (long[] r : ranges) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n;
            try (InputStream in = reader.open(root, r[0], r[1])) {
                n = in.transferTo(out);
                assertEquals(-1, in.read(), "after transferTo of " + Arrays.toString(r));
            }
            int from = (int) Math.min(r[0], data.length);
            int to = (int) Math.min(data.length, from + Math.min(r[1], data.length));
            assertArrayEquals(Arrays.copyOfRange(data, from, to), out.toByteArray(), Arrays.toString(r));
            assertEquals(to - from, n);
        }
    }

    /** transferTo after some reads continues where they stopped. */
    @Test
    void transferToAfterReadsContinues() throws IOException {
        try (InputStream in = new UnixFsReader(store.source()).open(root, 10, 400)) {
            byte[] head = in.readNBytes(150);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            assertEquals(250, in.transferTo(rest));
            assertArrayEquals(Arrays.copyOfRange(data, 10, 160), head);
            assertArrayEquals(Arrays.copyOfRange(data, 160, 410), rest.toByteArray());
        }
    }

    @Test
    void closedStreamRefusesTransfer() throws IOException {
        InputStream in = new UnixFsReader(store.source()).open(root);
        in.close();
        assertThrows(IOException.class, () -> in.transferTo(new ByteArrayOutputStream()));
    }

    /**
     * A source that answers on its own threads (as the command line's prefetching source does): every range reads
     * the same, and no more than the lookahead window of each node on the path is asked for ahead of the read.
     */
    @Test
    void asynchronousSourceReadsTheSame() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            BlockSource sync = BlockSource.of(store);
            CountingSource counting = new CountingSource(
                    cid -> CompletableFuture.supplyAsync(() -> sync.get(cid).join(), pool));
            UnixFsReader reader = new UnixFsReader(counting);
            for (long[] r : new long[][] {{0, Long.MAX_VALUE}, {150, 500}, {999, 5}, {0, 1000}}) {
                int from = (int) r[0];
                int to = (int) Math.min(data.length, from + r[1]);
                try (InputStream in = reader.open(root, r[0], r[1])) {
                    assertArrayEquals(Arrays.copyOfRange(data, from, to), in.readAllBytes());
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (InputStream in = reader.open(root, r[0], r[1])) {
                    in.transferTo(out);
                }
                assertArrayEquals(Arrays.copyOfRange(data, from, to), out.toByteArray());
            }
            // 10 leaves of 100 bytes, 3 links a node: root, then one child per level down to the first leaf.
            counting.reset();
            try (InputStream in = reader.open(root)) {
                in.readNBytes(1);
            }
            int asked = counting.requests().size();
            assertTrue(asked <= 1 + 3 * 3, "asked for " + asked + " blocks to read one byte");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A malformed block from an asynchronous source fails the read with its own typed error, not a wrapper. */
    @Test
    void decodeErrorsFromAnAsynchronousSourceKeepTheirType() throws Exception {
        HandDags dags = new HandDags(store);
        Cid notPb = dags.block(Multicodec.DAG_PB, new byte[] {(byte) 0xff});
        Cid file = dags.pb(HandDags.file(null, 1L, 1), HandDags.link(notPb));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            BlockSource sync = BlockSource.of(store);
            UnixFsReader reader = new UnixFsReader(cid -> CompletableFuture.supplyAsync(() -> sync.get(cid).join(),
                    pool));
            assertThrows(DagPbFormatException.class, () -> reader.open(file).readAllBytes());
            assertThrows(BlockNotFoundException.class,
                    () -> reader.open(dags.pb(HandDags.file(null, 1L, 1), HandDags.link(missing()))).readAllBytes());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Cid missing() {
        return Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {42, 42});
    }
}
