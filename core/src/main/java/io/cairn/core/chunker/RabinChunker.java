package io.cairn.core.chunker;

import java.io.IOException;
import java.io.InputStream;

/**
 * Kubo's {@code rabin} chunker (boxo {@code chunk.NewRabinMinMax} over whyrusleeping/chunker): content-defined
 * boundaries from a Rabin fingerprint of the last 16 bytes.
 *
 * <p>The rule, for a chunk starting at offset s: the chunk ends after the first length L in [min, max] at which the
 * fingerprint of bytes {@code [s + L - 16, s + L)} has its low {@code floor(log2(avg))} bits all zero, or at
 * L = max; if the stream ends first, the rest is the last chunk. The fingerprint restarts at every boundary.
 *
 * <p>Why this is the Go code's behaviour although it looks different: Go resets its window to a single byte 1,
 * then skips {@code min - 16} bytes without hashing, then rolls the window over each further byte and tests from
 * length min on. By then 16 real bytes have entered and pushed the 1 out, and a rolled Rabin fingerprint depends
 * only on the bytes in the window; so starting from zero 16 bytes before min gives the same value at every length
 * tested. That needs min >= 16, which {@link ChunkerSpec} enforces.
 *
 * <p>Speed: each rolling step waits for the table load of the step before, so the scan runs at about one byte per
 * load latency (roughly 2.5 ns a byte on the development machine, against about 1 ns for SHA-256 with hardware
 * support); only the bytes past min are rolled. Running two or four independent lanes over parts of the range
 * (possible because a fingerprint depends only on its window) was measured and gained nothing once the lanes'
 * wasted work past the first match was paid, so the loop stays simple.
 */
final class RabinChunker implements Chunker {
    private static final int WINDOW = RabinTables.WINDOW_SIZE;

    private final ReadAhead input;
    private final RabinTables tables;
    private final int min;
    private final int max;
    private final long mask;

    RabinChunker(InputStream in, RabinTables tables, int min, int avg, int max) {
        assert RabinTables.WINDOW_SIZE <= min && min < avg && avg < max;
        this.input = new ReadAhead(in, max);
        this.tables = tables;
        this.min = min;
        this.max = max;
        // Go: sizeMask = 1 << uint(math.Log2(avg)) - 1, i.e. floor(log2(avg)) bits (exact for avg < 2^53).
        this.mask = (1L << (63 - Long.numberOfLeadingZeros(avg))) - 1;
    }

    @Override
    public byte[] nextChunk() throws IOException {
        int available = input.fill(max);
        if (available == 0) {
            return null;
        }
        int length = available < min ? available : cut(input.array(), input.start(), Math.min(available, max));
        return input.take(length);
    }

    /**
     * The length of the chunk at {@code buf[start...]}, given that {@code limit >= min} bytes are there: the first
     * tested length (from min to limit) whose window matches, else limit.
     */
    private int cut(byte[] buf, int start, int limit) {
        long[] out = tables.out;
        long[] mod = tables.mod;
        int shift = tables.shift;
        long mask = this.mask;
        int end = start + min;
        int last = start + limit;
        long digest = 0;
        // Fill the empty window with the 16 bytes before the first tested end: nothing to slide out yet.
        for (int i = end - WINDOW; i < end; i++) {
            digest = ((digest << 8) | (buf[i] & 0xff)) ^ mod[(int) (digest >>> shift)];
        }
        while ((digest & mask) != 0 && end < last) {
            digest ^= out[buf[end - WINDOW] & 0xff];
            digest = ((digest << 8) | (buf[end] & 0xff)) ^ mod[(int) (digest >>> shift)];
            end++;
        }
        return end - start;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
