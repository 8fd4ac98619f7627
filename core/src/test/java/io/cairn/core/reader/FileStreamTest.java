package io.cairn.core.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.multiformats.Cid;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** End-of-range behaviour of the file stream, which InputStream's own helpers depend on. */
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
}
