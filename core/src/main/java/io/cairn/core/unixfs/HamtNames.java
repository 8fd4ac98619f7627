package io.cairn.core.unixfs;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where an entry lives in a UnixFS HAMT, for readers that look a name up without listing the whole shard: the
 * link-name prefix of its bucket at each level, computed exactly as {@link HamtShardBuilder} places entries.
 */
public final class HamtNames {
    private final HamtShardBuilder.HashBits bits;
    private final int bitsPerLevel;
    private final String prefixFormat;

    /** Positions for {@code name} in a HAMT of {@code fanout} (a power of two, at least 2). */
    public HamtNames(String name, long fanout) {
        if (fanout < 2 || fanout > 1 << 16 || Long.bitCount(fanout) != 1) {
            throw new UnixFsFormatException("HAMT fanout " + fanout + " is not a power of two in [2, 65536]");
        }
        this.bits = new HamtShardBuilder.HashBits(name.getBytes(StandardCharsets.UTF_8));
        this.bitsPerLevel = Long.numberOfTrailingZeros(fanout);
        this.prefixFormat = "%0" + Long.toHexString(fanout - 1).length() + "X";
    }

    /** The upper-case hex bucket prefix of the entry's link (or of the child shard holding it) at {@code level}. */
    public String prefixAt(int level) {
        return String.format(Locale.ROOT, prefixFormat, bits.take(level * bitsPerLevel, bitsPerLevel));
    }

    /** Length of every bucket prefix in a HAMT of this fanout. */
    public int prefixLength() {
        return prefixAt(0).length();
    }
}
