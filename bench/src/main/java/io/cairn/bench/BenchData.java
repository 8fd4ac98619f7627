package io.cairn.bench;

import java.util.SplittableRandom;

/**
 * The bytes every benchmark hashes. Pseudo-random, so that content-defined chunkers find boundaries at their
 * usual spacing and nothing compresses or repeats; seeded, so that every benchmark and every run sees the same
 * bytes.
 */
final class BenchData {
    private static final long SEED = 0x5eedca1d2025L;

    private BenchData() {}

    static byte[] random(int length) {
        byte[] out = new byte[length];
        SplittableRandom random = new SplittableRandom(SEED);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8; b++) {
                out[i + b] = (byte) (v >>> (8 * b));
            }
        }
        for (long v = random.nextLong(); i < length; i++, v >>>= 8) {
            out[i] = (byte) v;
        }
        return out;
    }

    static int mebibytes(int n) {
        return n << 20;
    }
}
