package io.cairn.node.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Byte counts as go-humanize's {@code Bytes} writes them, which is what Kubo prints for {@code repo stat --human}:
 * SI units (powers of 1000), under 10 bytes as "N B", otherwise one decimal below 10 of a unit ("1.5 kB") and none
 * from 10 up ("82 MB"), rounded half up at the first decimal.
 */
final class HumanBytes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private HumanBytes() {}

    static String format(long bytes) {
        if (bytes < 10) {
            return bytes + " B";
        }
        // go-humanize's unit: floor(log(s) / log(1000)), in floating point as there.
        int e = (int) Math.floor(Math.log(bytes) / Math.log(1000));
        e = Math.min(e, UNITS.length - 1);
        BigDecimal value = new BigDecimal(bytes).divide(BigDecimal.TEN.pow(3 * e));
        // floor(value * 10 + 0.5) / 10, then Go's %.1f or %.0f (the latter rounds half to even).
        BigDecimal rounded = value.multiply(BigDecimal.TEN).add(new BigDecimal("0.5"))
                .setScale(0, RoundingMode.FLOOR).divide(BigDecimal.TEN);
        if (rounded.compareTo(BigDecimal.TEN) < 0) {
            return rounded.setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " " + UNITS[e];
        }
        return rounded.setScale(0, RoundingMode.HALF_EVEN).toPlainString() + " " + UNITS[e];
    }
}
