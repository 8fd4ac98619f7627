package io.cairn.core.chunker;

import static io.cairn.core.chunker.TestData.lengths;
import static io.cairn.core.chunker.TestData.repeated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kubo's rabin boundaries, pinned from real implementations (never from this code).
 *
 * <p>How the expected lengths were produced: with {@code chunker-reference.mjs} from this package's test resources
 * (its header says how to install it), {@code node chunker-reference.mjs rs DATA MIN AVG MAX}, which runs npm
 * {@code rabin-rs@2.1.0}, a Rust/wasm rabin chunker written to match go-ipfs, with Kubo's polynomial. Every
 * case was also run through Kubo's own Go code (boxo v0.42.0 {@code chunk.NewRabinMinMax} over
 * whyrusleeping/chunker, see {@code kubo-chunker-driver.go.txt}), which printed the same lengths. DATA names the
 * generator in {@link TestData}; e.g. the second test is {@code node chunker-reference.mjs rs random:1:4194304
 * 87381 262144 393216}.
 *
 * <p>The npm package {@code rabin-wasm@0.1.5}, which ipfs-unixfs-importer's {@code rabin} chunker uses, is NOT
 * compatible with Kubo: it hard-codes the polynomial 0x3DA3358B4DC173 (17349423945073011) where Kubo uses
 * 17437180132763653, so it cuts elsewhere. Run with its polynomial, our algorithm reproduces rabin-wasm exactly
 * ({@code node chunker-reference.mjs wasm ...}), which checks the window, mask, min skip and reset logic against a
 * second implementation independently of the polynomial.
 */
class RabinChunkerTest {
    private static final long RABIN_WASM_POLYNOMIAL = 17349423945073011L;

    /** rabin-rs's own "compat test" vector (its test/test.js): Kubo's default {@code rabin} over sharbage(512 KiB). */
    @Test
    void defaultRabinOverShaChain() throws IOException {
        assertEquals(List.of(189236, 177457, 157595), lengths(ChunkerSpec.parse("rabin"), TestData.sharbage(524288)));
    }

    @Test
    void defaultRabinOverRandomData() throws IOException {
        assertEquals(List.of(393216, 393216, 207559, 393216, 393216, 162156, 390252, 156315, 248336, 119425, 122006,
                        88363, 393216, 393216, 314691, 25905),
                lengths(ChunkerSpec.parse("rabin"), TestData.random(1, 4194304)));
    }

    @Test
    void smallChunksOverRandomData() throws IOException {
        assertEquals(List.of(8192, 4880, 3275, 8192, 2150, 6568, 5281, 8192, 1407, 1896, 2963, 5179, 1516, 5845),
                lengths(ChunkerSpec.parse("rabin-1024-4096-8192"), TestData.random(7, 65536)));
    }

    @Test
    void largeChunksOverRandomData() throws IOException {
        assertEquals(List.of(852255, 385252, 547399, 1048576, 166518),
                lengths(ChunkerSpec.parse("rabin-262144-524288-1048576"), TestData.random(9, 3000000)));
    }

    @Test
    void mixedEntropy() throws IOException {
        assertEquals(List.of(23372, 4800, 6997, 29336, 65536, 65536, 65536, 38887),
                lengths(ChunkerSpec.parse("rabin-4096-16384-65536"), TestData.mixed(3, 300000)));
    }

    /** Every 16-byte window of zeros fingerprints to 0, so each chunk ends at min. */
    @Test
    void zerosCutAtMin() throws IOException {
        assertEquals(repeated(100, 100, 0), lengths(ChunkerSpec.parse("rabin-100-1000-100000"), TestData.zeros(10000)));
    }

    /** Kubo's sharness example setting; no 45-byte-periodic window matches its mask, so every chunk is max. */
    @Test
    void repeatedTextCutAtMax() throws IOException {
        assertEquals(repeated(1024, 19, 544), lengths(ChunkerSpec.parse("rabin-36-512-1024"), TestData.text(20000)));
    }

    @Test
    void rabinWasmPolynomialOverShaChain() throws IOException {
        assertEquals(List.of(164691, 197076, 162521), wasmLengths(TestData.sharbage(524288), 87381, 262144, 393216));
    }

    @Test
    void rabinWasmPolynomialOverRandomData() throws IOException {
        assertEquals(List.of(393216, 100889, 393216, 393216, 150040, 137662, 393216, 105437, 393216, 393216, 393216,
                        165356, 308704, 121502, 352202),
                wasmLengths(TestData.random(1, 4194304), 87381, 262144, 393216));
        assertEquals(List.of(3043, 6765, 8192, 2289, 4210, 4062, 2224, 1214, 2466, 4175, 1062, 6657, 3761, 8192, 4798,
                        2426),
                wasmLengths(TestData.random(7, 65536), 1024, 4096, 8192));
        assertEquals(List.of(821766, 1048576, 984984, 144674),
                wasmLengths(TestData.random(9, 3000000), 262144, 524288, 1048576));
    }

    @Test
    void rabinWasmPolynomialOverMixedData() throws IOException {
        assertEquals(List.of(12349, 65536, 65536, 65536, 26209, 5589, 12493, 46752),
                wasmLengths(TestData.mixed(3, 300000), 4096, 16384, 65536));
    }

    private static List<Integer> wasmLengths(byte[] data, int min, int avg, int max) throws IOException {
        RabinTables tables = new RabinTables(RABIN_WASM_POLYNOMIAL);
        Chunker chunker = new RabinChunker(new ByteArrayInputStream(data), tables, min, avg, max);
        return TestData.lengths(TestData.chunks(chunker));
    }
}
