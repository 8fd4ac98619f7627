package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link HumanBytes} against go-humanize v1.0.1's own {@code TestBytes} cases (the version Kubo pins). */
class HumanBytesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 0 B",
        "1, 1 B",
        "803, 803 B",
        "999, 999 B",
        "1024, 1.0 kB",
        "9999, 10 kB",
        "999999, 1000 kB",
        "1048576, 1.0 MB",
        "999999000, 1000 MB",
        "1000000000, 1.0 GB",
        "999999000000, 1000 GB",
        "9999000, 10 MB",
        "1000000000000, 1.0 TB",
        "999000000000000, 999 TB",
        "1000000000000000, 1.0 PB",
        "999000000000000000, 999 PB",
        "1000000000000000000, 1.0 EB",
        "5500000000, 5.5 GB",
    })
    void goHumanizeBytes(long bytes, String expected) {
        assertEquals(expected, HumanBytes.format(bytes));
    }
}
