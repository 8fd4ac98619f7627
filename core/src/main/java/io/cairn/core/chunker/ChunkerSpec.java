package io.cairn.core.chunker;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chunking strategy named the way Kubo's {@code ipfs add --chunker} names it. Immutable; equal specs give equal
 * chunks. {@link #toString()} is the canonical text, which {@link #parse} reads back to an equal spec.
 *
 * <p>Accepted text, as boxo's {@code chunk.FromString} (boxo v0.42, the version current Kubo uses) accepts it:
 * <ul>
 *   <li>{@code ""} or {@code "default"}: {@code size-262144};</li>
 *   <li>{@code size-N}: fixed N-byte chunks, {@code 0 < N <= }{@link #CHUNK_SIZE_LIMIT};</li>
 *   <li>{@code rabin}: {@code rabin-262144};</li>
 *   <li>{@code rabin-AVG}: min {@code AVG/3}, max {@code AVG + AVG/2}; max may not exceed the limit;</li>
 *   <li>{@code rabin-MIN-AVG-MAX}, each number optionally labelled ({@code rabin-min:16-avg:32-max:64}):
 *       {@code 16 <= MIN < AVG < MAX <= }{@link #CHUNK_SIZE_LIMIT};</li>
 *   <li>{@code buzhash}: Kubo's buzhash, 128 KiB to 512 KiB; as in Kubo anything after {@code buzhash-} is
 *       ignored.</li>
 * </ul>
 * Numbers are read as Go's {@code strconv.Atoi} reads them (ASCII digits, an optional {@code +}, leading zeros
 * allowed). Canonical text spells every number: {@code rabin} prints as {@code rabin-87381-262144-393216}.
 *
 * <p>One deliberate difference: Kubo accepts {@code rabin-AVG} with {@code AVG < 48} (so {@code AVG/3 < 16}), and
 * its chunker then underflows its skip counter and returns the whole file as one chunk of unbounded size; Cairn
 * refuses such a spec instead.
 */
public final class ChunkerSpec {
    /**
     * Largest chunk size any chunker string may ask for: the 2 MiB block limit of the bitswap spec less 256 bytes
     * kept for the UnixFS/DAG-PB framing of a non-raw leaf (boxo {@code chunk.ChunkSizeLimit}, 2096896).
     */
    public static final int CHUNK_SIZE_LIMIT = 2 * 1024 * 1024 - 256;

    /** Kubo's default chunk size (boxo {@code chunk.DefaultBlockSize}). */
    public static final int DEFAULT_CHUNK_SIZE = 256 * 1024;

    /** {@code size-262144}, Kubo's default. */
    public static final ChunkerSpec DEFAULT = new ChunkerSpec(Kind.SIZE, 0, 0, DEFAULT_CHUNK_SIZE);

    private static final int RABIN_MIN_LIMIT = RabinTables.WINDOW_SIZE;

    private enum Kind { SIZE, RABIN, BUZHASH }

    private final Kind kind;
    /** Rabin only. */
    private final int min;
    /** Rabin only. */
    private final int avg;
    /** The chunk size for SIZE, the largest chunk for RABIN and BUZHASH. */
    private final int max;

    private ChunkerSpec(Kind kind, int min, int avg, int max) {
        this.kind = kind;
        this.min = min;
        this.avg = avg;
        this.max = max;
    }

    /**
     * Reads a {@code --chunker} string.
     *
     * @throws ChunkerSpecException if Kubo would refuse it (with Kubo's message), or for {@code rabin-AVG} with
     *     {@code AVG < 48} (see the class comment)
     */
    public static ChunkerSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.equals("default")) {
            return DEFAULT;
        }
        int dash = text.indexOf('-');
        String name = dash < 0 ? text : text.substring(0, dash);
        switch (name) {
            case "size":
                return parseSize(text);
            case "rabin":
                return parseRabin(text);
            case "buzhash":
                return new ChunkerSpec(Kind.BUZHASH, BuzhashChunker.MIN_SIZE, 0, BuzhashChunker.MAX_SIZE);
            default:
                throw new ChunkerSpecException("unrecognized chunker option: " + text);
        }
    }

    private static ChunkerSpec parseSize(String text) {
        List<String> parts = split(text, '-');
        if (parts.size() != 2) {
            throw new ChunkerSpecException("incorrect chunker string format (expected size-{size})");
        }
        long size = atoi(parts.get(1));
        if (size <= 0) {
            throw new ChunkerSpecException("chunker size must be greater than 0");
        }
        if (size > CHUNK_SIZE_LIMIT) {
            throw sizeLimitExceeded();
        }
        return new ChunkerSpec(Kind.SIZE, 0, 0, (int) size);
    }

    private static ChunkerSpec parseRabin(String text) {
        List<String> parts = split(text, '-');
        switch (parts.size()) {
            case 1:
                return rabinFromAverage(DEFAULT_CHUNK_SIZE);
            case 2: {
                long avg = atoi(parts.get(1));
                // Go checks int(float32(avg) * 1.5), which is avg + avg / 2 for every avg below 2^22.
                if (avg + avg / 2 > CHUNK_SIZE_LIMIT) {
                    throw sizeLimitExceeded();
                }
                return rabinFromAverage((int) avg);
            }
            case 4: {
                long min = labelled(parts.get(1), "min", "first label must be min");
                if (min < RABIN_MIN_LIMIT) {
                    throw rabinMinTooSmall();
                }
                long avg = labelled(parts.get(2), "avg", "second label must be avg");
                long max = labelled(parts.get(3), "max", "final label must be max");
                if (min >= avg) {
                    throw new ChunkerSpecException("incorrect format: rabin-min must be smaller than rabin-avg");
                }
                if (avg >= max) {
                    throw new ChunkerSpecException("incorrect format: rabin-avg must be smaller than rabin-max");
                }
                if (max > CHUNK_SIZE_LIMIT) {
                    throw sizeLimitExceeded();
                }
                return new ChunkerSpec(Kind.RABIN, (int) min, (int) avg, (int) max);
            }
            default:
                // Kubo's message, unbalanced parenthesis included.
                throw new ChunkerSpecException(
                        "incorrect format (expected 'rabin' 'rabin-[avg]' or 'rabin-[min]-[avg]-[max]'");
        }
    }

    /** boxo's {@code NewRabin}: min and max derived from the average. */
    private static ChunkerSpec rabinFromAverage(int avg) {
        int min = avg / 3;
        if (min < RABIN_MIN_LIMIT) {
            throw new ChunkerSpecException(
                    "rabin min must be greater than 16 (rabin-AVG sets min to AVG/3, so AVG must be at least 48)");
        }
        return new ChunkerSpec(Kind.RABIN, min, avg, avg + avg / 2);
    }

    /** A number that may carry a {@code label:} prefix; like Go, only the text after the last colon is the value. */
    private static long labelled(String part, String label, String wrongLabel) {
        List<String> sub = split(part, ':');
        if (sub.size() > 1 && !sub.get(0).equals(label)) {
            throw new ChunkerSpecException(wrongLabel);
        }
        return atoi(sub.get(sub.size() - 1));
    }

    private static ChunkerSpecException sizeLimitExceeded() {
        return new ChunkerSpecException(
                "chunker parameters may not exceed the maximum chunk size of " + CHUNK_SIZE_LIMIT);
    }

    private static ChunkerSpecException rabinMinTooSmall() {
        return new ChunkerSpecException("rabin min must be greater than 16");
    }

    /** Go's {@code strings.Split}: every separator splits, empty pieces included. */
    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = s.indexOf(separator); i >= 0; i = s.indexOf(separator, from)) {
            parts.add(s.substring(from, i));
            from = i + 1;
        }
        parts.add(s.substring(from));
        return parts;
    }

    /**
     * Go's {@code strconv.Atoi} on a 64-bit platform, with its error text. As in Go, the digits are read as an
     * unsigned 64-bit number first: a bad character before the first overflow is a syntax error, an overflow
     * beyond 2^64 before any bad character is a range error, and a value beyond the signed range is a range error.
     */
    private static long atoi(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == s.length()) {
            throw atoiError(s, "invalid syntax");
        }
        long unsigned = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw atoiError(s, "invalid syntax");
            }
            if (Long.compareUnsigned(unsigned, Long.divideUnsigned(-1L, 10)) > 0) {
                throw atoiError(s, "value out of range");
            }
            long next = unsigned * 10 + (c - '0');
            if (Long.compareUnsigned(next, unsigned * 10) < 0) {
                throw atoiError(s, "value out of range");
            }
            unsigned = next;
        }
        if (unsigned < 0 && !(negative && unsigned == Long.MIN_VALUE)) {
            throw atoiError(s, "value out of range");
        }
        return negative ? -unsigned : unsigned;
    }

    private static ChunkerSpecException atoiError(String s, String reason) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\x%02x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return new ChunkerSpecException("strconv.Atoi: parsing " + quoted.append('"') + ": " + reason);
    }

    /**
     * Starts chunking {@code in}. The chunker reads {@code in} from its current position and closes it when the
     * chunker is closed.
     */
    public Chunker open(InputStream in) {
        Objects.requireNonNull(in, "in");
        switch (kind) {
            case SIZE:
                return new FixedSizeChunker(in, max);
            case RABIN:
                return new RabinChunker(in, RabinTables.KUBO, min, avg, max);
            case BUZHASH:
                return new BuzhashChunker(in);
            default:
                throw new AssertionError(kind);
        }
    }

    /** No chunk from this spec is longer than this. */
    public int maxChunkSize() {
        return max;
    }

    /** No chunk but the last is shorter than this (for {@code size-N}, all but the last are exactly N). */
    int minChunkSize() {
        return kind == Kind.SIZE ? max : min;
    }

    @Override
    public String toString() {
        switch (kind) {
            case SIZE:
                return "size-" + max;
            case RABIN:
                return "rabin-" + min + "-" + avg + "-" + max;
            case BUZHASH:
                return "buzhash";
            default:
                throw new AssertionError(kind);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkerSpec other
                && kind == other.kind && min == other.min && avg == other.avg && max == other.max;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, min, avg, max);
    }
}
