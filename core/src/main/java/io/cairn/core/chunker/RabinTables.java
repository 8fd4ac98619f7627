package io.cairn.core.chunker;

/**
 * Lookup tables for a Rabin fingerprint over a 16-byte window, modulo an irreducible polynomial P over GF(2)
 * (a {@code long} whose bit i is the coefficient of x^i).
 *
 * <p>The fingerprint of bytes b_0..b_15 is the polynomial {@code sum b_j(x) * x^(8 * (15 - j)) mod P}; it is kept
 * fully reduced, so its degree stays below {@code deg(P)}. Two tables let the window roll with one XOR each:
 * <ul>
 *   <li>{@code out[b] = b(x) * x^(8 * 15) mod P} is the contribution of the oldest byte, removed before a shift;</li>
 *   <li>{@code mod[t] = ((t(x) * x^deg(P)) mod P) | (t << deg(P))}: after shifting the fingerprint left by 8, its
 *       top 8 bits t sit at bit {@code deg(P)} and above; XORing {@code mod[t]} clears them and adds their
 *       remainder in one step.</li>
 * </ul>
 * This is the table scheme of restic's chunker, which whyrusleeping/chunker (and so Kubo) inherits.
 */
final class RabinTables {
    /** Kubo's polynomial (boxo {@code chunk.IpfsRabinPoly}), degree 53. */
    static final long KUBO_POLYNOMIAL = 17437180132763653L;

    static final int WINDOW_SIZE = 16;

    static final RabinTables KUBO = new RabinTables(KUBO_POLYNOMIAL);

    final long polynomial;
    /** {@code deg(P) - 8}: shifting a reduced fingerprint right by this leaves the 8 bits that the next shift pushes
     *  to degree {@code deg(P)} or above. */
    final int shift;
    final long[] out = new long[256];
    final long[] mod = new long[256];

    RabinTables(long polynomial) {
        int degree = degree(polynomial);
        if (degree < 8 || degree > 55) {
            // Above 55 the 8-bit shift of a reduced fingerprint would overflow 64 bits.
            throw new IllegalArgumentException("polynomial degree must be in [8, 55]: " + degree);
        }
        this.polynomial = polynomial;
        this.shift = degree - 8;
        for (int b = 0; b < 256; b++) {
            long h = appendByte(0, b, polynomial);
            for (int i = 0; i < WINDOW_SIZE - 1; i++) {
                h = appendByte(h, 0, polynomial);
            }
            out[b] = h;
            mod[b] = remainder((long) b << degree, polynomial) | ((long) b << degree);
        }
    }

    static int degree(long p) {
        return 63 - Long.numberOfLeadingZeros(p);
    }

    /** {@code x mod p} for polynomials over GF(2). */
    static long remainder(long x, long p) {
        int dp = degree(p);
        for (int dx = degree(x); dx >= dp; dx = degree(x)) {
            x ^= p << (dx - dp);
        }
        return x;
    }

    private static long appendByte(long h, int b, long p) {
        return remainder((h << 8) | b, p);
    }
}
