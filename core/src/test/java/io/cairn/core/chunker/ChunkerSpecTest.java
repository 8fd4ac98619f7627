package io.cairn.core.chunker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chunker strings as Kubo reads them. Accepted and refused strings and the error texts follow boxo v0.42.0
 * {@code chunker/parse.go} and its {@code parse_test.go}, and Kubo's sharness t0040 ({@code rabin-36-512-1024}
 * accepted, {@code rabin-12-512-1024} and {@code size-0} refused).
 */
class ChunkerSpecTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                           | size-262144               | 262144",
        "default                      | size-262144               | 262144",
        "size-32                      | size-32                   | 32",
        "size-+0032                   | size-32                   | 32",
        "size-1                       | size-1                    | 1",
        "size-2096896                 | size-2096896              | 2096896",
        "rabin                        | rabin-87381-262144-393216 | 393216",
        "rabin-262144                 | rabin-87381-262144-393216 | 393216",
        "rabin-48                     | rabin-16-48-72            | 72",
        "rabin-1397931                | rabin-465977-1397931-2096896 | 2096896",
        "rabin-18-25-32               | rabin-18-25-32            | 32",
        "rabin-16-32-64               | rabin-16-32-64            | 64",
        "rabin-36-512-1024            | rabin-36-512-1024         | 1024",
        "rabin-19-21-2096896          | rabin-19-21-2096896       | 2096896",
        "rabin-min:16-avg:32-max:64   | rabin-16-32-64            | 64",
        "rabin-min:16-32-max:64       | rabin-16-32-64            | 64",
        "rabin-min:x:16-avg:32-max:64 | rabin-16-32-64            | 64",
        "buzhash                      | buzhash                   | 524288",
        "buzhash-whatever             | buzhash                   | 524288",
    })
    void accepted(String text, String canonical, int maxChunkSize) {
        ChunkerSpec spec = ChunkerSpec.parse(text);
        assertEquals(canonical, spec.toString());
        assertEquals(maxChunkSize, spec.maxChunkSize());
        assertEquals(spec, ChunkerSpec.parse(canonical));
        assertEquals(spec.hashCode(), ChunkerSpec.parse(canonical).hashCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "size-0                 | chunker size must be greater than 0",
        "size-+0                | chunker size must be greater than 0",
        "size-2096897           | chunker parameters may not exceed the maximum chunk size of 2096896",
        "size-2097152           | chunker parameters may not exceed the maximum chunk size of 2096896",
        "size-123-extra         | incorrect chunker string format (expected size-{size})",
        "size                   | incorrect chunker string format (expected size-{size})",
        "size--5                | incorrect chunker string format (expected size-{size})",
        "size-                  | 'strconv.Atoi: parsing \"\": invalid syntax'",
        "size-12a               | 'strconv.Atoi: parsing \"12a\": invalid syntax'",
        "size- 12               | 'strconv.Atoi: parsing \" 12\": invalid syntax'",
        "size-+                 | 'strconv.Atoi: parsing \"+\": invalid syntax'",
        "size-1_000             | 'strconv.Atoi: parsing \"1_000\": invalid syntax'",
        "size-0x10              | 'strconv.Atoi: parsing \"0x10\": invalid syntax'",
        "size-9223372036854775808 | 'strconv.Atoi: parsing \"9223372036854775808\": value out of range'",
        "size-99999999999999999999x | 'strconv.Atoi: parsing \"99999999999999999999x\": value out of range'",
        "size-9999999999999999999x | 'strconv.Atoi: parsing \"9999999999999999999x\": invalid syntax'",
        "size-9223372036854775807 | chunker parameters may not exceed the maximum chunk size of 2096896",
        "rabin-15-23-31         | rabin min must be greater than 16",
        "rabin-12-512-1024      | rabin min must be greater than 16",
        "rabin-20-20-21         | 'incorrect format: rabin-min must be smaller than rabin-avg'",
        "rabin-19-21-21         | 'incorrect format: rabin-avg must be smaller than rabin-max'",
        "rabin-19-21-2096897    | chunker parameters may not exceed the maximum chunk size of 2096896",
        "rabin-1397932          | chunker parameters may not exceed the maximum chunk size of 2096896",
        "rabin-x                | 'strconv.Atoi: parsing \"x\": invalid syntax'",
        "rabin-16-x-64          | 'strconv.Atoi: parsing \"x\": invalid syntax'",
        "rabin-foo:16-32-64     | first label must be min",
        "rabin-16-mean:32-64    | second label must be avg",
        "rabin-16-32-top:64     | final label must be max",
        "rabin-16-32            | incorrect format (expected 'rabin' 'rabin-[avg]' or 'rabin-[min]-[avg]-[max]'",
        "rabin-16-32-64-128     | incorrect format (expected 'rabin' 'rabin-[avg]' or 'rabin-[min]-[avg]-[max]'",
        "rabin-                 | 'strconv.Atoi: parsing \"\": invalid syntax'",
        "unknown-chunker        | 'unrecognized chunker option: unknown-chunker'",
        "rabinx                 | 'unrecognized chunker option: rabinx'",
        "Size-32                | 'unrecognized chunker option: Size-32'",
        "default-1              | 'unrecognized chunker option: default-1'",
        "-size-32               | 'unrecognized chunker option: -size-32'",
    })
    void refused(String text, String message) {
        ChunkerSpecException e = assertThrows(ChunkerSpecException.class, () -> ChunkerSpec.parse(text));
        assertEquals(message, e.getMessage());
    }

    /** Kubo takes these and then returns the whole file as one unbounded chunk; Cairn refuses them instead. */
    @ParameterizedTest
    @CsvSource({"rabin-47", "rabin-0", "rabin-1", "rabin-+0"})
    void refusesAverageThatUnderflowsKubosMinimum(String text) {
        ChunkerSpecException e = assertThrows(ChunkerSpecException.class, () -> ChunkerSpec.parse(text));
        assertEquals("rabin min must be greater than 16 (rabin-AVG sets min to AVG/3, so AVG must be at least 48)",
                e.getMessage());
    }

    @Test
    void defaultIsKubosDefault() {
        assertEquals(ChunkerSpec.DEFAULT, ChunkerSpec.parse("size-262144"));
        assertEquals("size-262144", ChunkerSpec.DEFAULT.toString());
        assertEquals(262144, ChunkerSpec.DEFAULT.maxChunkSize());
    }

    @Test
    void specsOfDifferentKindsDiffer() {
        assertNotEquals(ChunkerSpec.parse("size-524288"), ChunkerSpec.parse("buzhash"));
        assertNotEquals(ChunkerSpec.parse("rabin"), ChunkerSpec.parse("rabin-87381-262144-393217"));
    }

    @Property
    void arbitraryTextParsesOrFailsWithTheTypedError(@ForAll("chunkerLikeText") String text) {
        ChunkerSpec spec;
        try {
            spec = ChunkerSpec.parse(text);
        } catch (ChunkerSpecException expected) {
            return;
        }
        assertEquals(spec, ChunkerSpec.parse(spec.toString()));
        assertEquals(spec.toString(), ChunkerSpec.parse(spec.toString()).toString());
    }

    @Property
    void canonicalTextRoundTrips(@ForAll("validSpecs") ChunkerSpec spec) {
        ChunkerSpec again = ChunkerSpec.parse(spec.toString());
        assertEquals(spec, again);
        assertEquals(spec.maxChunkSize(), again.maxChunkSize());
    }

    @Provide
    Arbitrary<String> chunkerLikeText() {
        Arbitrary<String> word = Arbitraries.of("size", "rabin", "buzhash", "default", "min:", "avg:", "max:", "-",
                "-", "-", ":", "+", "0", "16", "48", "262144", "2096896", "2096897", "99999999999999999999", "x", " ");
        Arbitrary<String> pieces = word.list().ofMaxSize(9).map(l -> String.join("", l));
        return Arbitraries.oneOf(pieces, Arbitraries.strings().ofMaxLength(30));
    }

    @Provide
    Arbitrary<ChunkerSpec> validSpecs() {
        Arbitrary<ChunkerSpec> size = Arbitraries.integers().between(1, ChunkerSpec.CHUNK_SIZE_LIMIT)
                .map(n -> ChunkerSpec.parse("size-" + n));
        Arbitrary<ChunkerSpec> rabinAvg = Arbitraries.integers().between(48, 1397931)
                .map(avg -> ChunkerSpec.parse("rabin-" + avg));
        Arbitrary<ChunkerSpec> rabin = Arbitraries.integers().between(16, 2_000_000).flatMap(min ->
                Arbitraries.integers().between(min + 1, ChunkerSpec.CHUNK_SIZE_LIMIT - 1).flatMap(avg ->
                        Arbitraries.integers().between(avg + 1, ChunkerSpec.CHUNK_SIZE_LIMIT)
                                .map(max -> ChunkerSpec.parse("rabin-" + min + "-" + avg + "-" + max))));
        return Arbitraries.oneOf(size, rabinAvg, rabin, Arbitraries.just(ChunkerSpec.parse("buzhash")));
    }
}
