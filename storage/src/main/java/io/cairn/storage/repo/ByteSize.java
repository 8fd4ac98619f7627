package io.cairn.storage.repo;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Sizes written as people write them, as Kubo reads {@code Datastore.StorageMax} (go-humanize's {@code ParseBytes}):
 * a decimal number, optional spaces, and a unit, case-insensitive: none or {@code B}; {@code kB}/{@code k}
 * (1000), {@code KiB}/{@code Ki} (1024), and so on through {@code E}/{@code EiB}.
 */
final class ByteSize {
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1000L), Map.entry("kb", 1000L), Map.entry("ki", 1L << 10), Map.entry("kib", 1L << 10),
            Map.entry("m", 1000_000L), Map.entry("mb", 1000_000L), Map.entry("mi", 1L << 20),
            Map.entry("mib", 1L << 20),
            Map.entry("g", 1000_000_000L), Map.entry("gb", 1000_000_000L), Map.entry("gi", 1L << 30),
            Map.entry("gib", 1L << 30),
            Map.entry("t", 1000_000_000_000L), Map.entry("tb", 1000_000_000_000L), Map.entry("ti", 1L << 40),
            Map.entry("tib", 1L << 40),
            Map.entry("p", 1000_000_000_000_000L), Map.entry("pb", 1000_000_000_000_000L),
            Map.entry("pi", 1L << 50), Map.entry("pib", 1L << 50),
            Map.entry("e", 1000_000_000_000_000_000L), Map.entry("eb", 1000_000_000_000_000_000L),
            Map.entry("ei", 1L << 60), Map.entry("eib", 1L << 60));

    private ByteSize() {}

    /** The number of bytes {@code text} means; {@code what} names the setting in errors. */
    static long parse(String text, String what) {
        int i = 0;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) && text.charAt(i) < 128
                || text.charAt(i) == '.')) {
            i++;
        }
        String number = text.substring(0, i);
        String unit = text.substring(i).strip().toLowerCase(Locale.ROOT);
        Long scale = UNITS.get(unit);
        if (number.isEmpty() || number.length() > 40 || scale == null) {
            throw new ConfigException(what + ": cannot read '" + text + "' as a size (like \"10GB\" or \"512MiB\")");
        }
        BigDecimal bytes;
        try {
            bytes = new BigDecimal(number).multiply(BigDecimal.valueOf(scale));
        } catch (NumberFormatException e) {
            throw new ConfigException(what + ": cannot read '" + text + "' as a size", e);
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new ConfigException(what + ": size '" + text + "' is too large");
        }
        return bytes.longValue();
    }
}
