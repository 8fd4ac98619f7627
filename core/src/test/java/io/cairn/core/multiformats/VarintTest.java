package io.cairn.core.multiformats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors from the multiformats unsigned-varint spec (README "Examples" and its 9-byte practical maximum). */
class VarintTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        "1, 01",
        "127, 7f",
        "128, 8001",
        "255, ff01",
        "300, ac02",
        "16384, 808001",
        "0, 00",
        // 2^63 - 1, the largest value the spec's 9-byte maximum carries
        "9223372036854775807, ffffffffffffffff7f",
    })
    void specVectors(long value, String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertArrayEquals(bytes, Varint.encode(value));
        assertEquals(bytes.length, Varint.size(value));
        assertEquals(value, Varint.decode(bytes, 0));
        assertEquals(value, Varint.read(ByteBuffer.wrap(bytes)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", // nothing to read
        "80", "ff", "8080", "ffffffffffffffff", // truncated: continuation bit set on the last byte
        "8100", // the spec's example of a non-minimal encoding of 1
        "8000", "808000", "ff00", // other trailing 0x00 continuations
        "ffffffffffffffff80", "ffffffffffffffffff01", // longer than 9 bytes (2^63 and above)
    })
    void rejectsInvalidEncodings(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThrows(VarintFormatException.class, () -> Varint.decode(bytes, 0));
        assertThrows(VarintFormatException.class, () -> Varint.read(ByteBuffer.wrap(bytes)));
    }

    @Test
    void readsFromStreams() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(HEX.parseHex("ac0201"));
        assertEquals(300, Varint.read(in));
        assertEquals(1, Varint.read(in));
        assertEquals(-1, Varint.read(in), "a clean end before the first byte");
        assertThrows(EOFException.class, () -> Varint.read(new ByteArrayInputStream(HEX.parseHex("ac"))));
        assertThrows(VarintFormatException.class, () -> Varint.read(new ByteArrayInputStream(HEX.parseHex("8100"))));
        assertThrows(VarintFormatException.class,
                () -> Varint.read(new ByteArrayInputStream(HEX.parseHex("ffffffffffffffffff01"))));
    }

    @Test
    void decodeRespectsLimitAndOffset() {
        byte[] b = HEX.parseHex("00ac02");
        assertEquals(300, Varint.decode(b, 1));
        assertThrows(VarintFormatException.class, () -> Varint.decode(b, 1, 2));
        assertThrows(VarintFormatException.class, () -> Varint.decode(b, 3));
    }

    @Test
    void rejectsNegativeValues() {
        assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
        assertThrows(IllegalArgumentException.class, () -> Varint.size(Long.MIN_VALUE));
    }

    @Property
    void roundTrip(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) {
        byte[] bytes = Varint.encode(value);
        assertEquals(Varint.size(value), bytes.length);
        assertEquals(value, Varint.decode(bytes, 0));
        ByteBuffer buf = ByteBuffer.wrap(Arrays.copyOf(bytes, bytes.length + 3));
        assertEquals(value, Varint.read(buf));
        assertEquals(bytes.length, buf.position());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(value, out);
        assertArrayEquals(bytes, out.toByteArray());
    }

    @Property
    void roundTripSmallValues(@ForAll @LongRange(min = 0, max = 1 << 22) long value) {
        assertEquals(value, Varint.decode(Varint.encode(value), 0));
    }

    /** Whatever decodes is the canonical encoding of its value; everything else is a VarintFormatException. */
    @Property(tries = 3000)
    void arbitraryBytesRaiseOnlyTypedErrors(@ForAll @Size(max = 12) byte[] bytes) {
        long value;
        try {
            value = Varint.decode(bytes, 0);
        } catch (VarintFormatException expected) {
            assertThrows(VarintFormatException.class, () -> Varint.read(ByteBuffer.wrap(bytes)));
            return;
        }
        int n = Varint.size(value);
        assertArrayEquals(Arrays.copyOf(bytes, n), Varint.encode(value));
        assertEquals(value, Varint.read(ByteBuffer.wrap(bytes)));
    }
}
