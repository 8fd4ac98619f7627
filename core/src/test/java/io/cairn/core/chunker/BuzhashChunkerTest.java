package io.cairn.core.chunker;

import static io.cairn.core.chunker.TestData.lengths;
import static io.cairn.core.chunker.TestData.repeated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kubo's buzhash boundaries, pinned from Kubo's own code (never from this code). No JavaScript or other
 * implementation of Kubo's buzhash exists in the registries reachable here, and Kubo's tests pin no buzhash CID
 * for a reproducible input larger than one chunk; so the reference is boxo v0.42.0 {@code chunk.NewBuzhash}
 * itself, built with go1.19 and driven by {@code kubo-chunker-driver.go.txt} (test resources; its header says how)
 * over the bytes {@code node chunker-reference.mjs gen DATA} writes, e.g. {@code goref data.bin buzhash} for DATA
 * {@code random:1:4194304}.
 */
class BuzhashChunkerTest {
    private static final ChunkerSpec BUZHASH = ChunkerSpec.parse("buzhash");

    @Test
    void randomData() throws IOException {
        assertEquals(List.of(152864, 248282, 151411, 233011, 175368, 188326, 211194, 187015, 524288, 138979, 156615,
                        374758, 192322, 234370, 155772, 239725, 292084, 149745, 188175),
                lengths(BUZHASH, TestData.random(1, 4194304)));
        assertEquals(List.of(224097, 295403, 135860), lengths(BUZHASH, TestData.random(9, 655360)));
    }

    @Test
    void shaChain() throws IOException {
        assertEquals(List.of(138632, 283928, 220768, 203915, 201333), lengths(BUZHASH, TestData.sharbage(1048576)));
    }

    @Test
    void mixedEntropy() throws IOException {
        assertEquals(List.of(246289, 400081, 399948, 524288, 524288, 524288, 139633, 223856, 524288, 524288, 136856,
                        26201),
                lengths(BUZHASH, TestData.mixed(3, 4194304)));
    }

    /** A window of 32 equal bytes hashes to 0 or ~0; for zeros it is 0, so every chunk ends at the minimum. */
    @Test
    void zerosCutAtMin() throws IOException {
        assertEquals(repeated(131072, 7, 82496), lengths(BUZHASH, TestData.zeros(1000000)));
    }

    @Test
    void repeatedTextCutAtMax() throws IOException {
        assertEquals(repeated(524288, 3, 427136), lengths(BUZHASH, TestData.text(2000000)));
    }

    /** Fewer than 128 KiB: one chunk, whatever the content. */
    @Test
    void shortStreamIsOneChunk() throws IOException {
        assertEquals(List.of(131071), lengths(BUZHASH, TestData.zeros(131071)));
    }

    /** The property boxo's TestBuzhashBitsHashBias checks; a cheap guard against a mistyped table entry. */
    @Test
    void everyBitIsSetInHalfTheTable() {
        for (int bit = 0; bit < 32; bit++) {
            int ones = 0;
            for (int h : BuzhashChunker.BYTE_HASH) {
                ones += (h >>> bit) & 1;
            }
            assertEquals(128, ones, "bit " + bit);
        }
        assertEquals(256, BuzhashChunker.BYTE_HASH.length);
    }
}
