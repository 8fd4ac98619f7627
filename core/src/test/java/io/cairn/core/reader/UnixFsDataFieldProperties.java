package io.cairn.core.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.cairn.core.FormatException;
import io.cairn.core.unixfs.UnixFsData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The reader's shortcut to a leaf's bytes agrees with the UnixFS decoder: on every message the decoder accepts,
 * the located {@code Data} field is the decoded data (or, for shapes it does not handle, it says "not found" and
 * the reader uses the decoded copy); on arbitrary bytes it never throws and never points outside the message.
 * Messages are written by protobuf-java's own encoder, fields in any order, {@code Data} possibly repeated
 * (protobuf keeps the last), with unknown fields of every wire type.
 */
class UnixFsDataFieldProperties {
    /** One field: number, wire type (0 varint, 1 fixed64, 2 bytes, 5 fixed32), value. */
    record Field(int number, int wireType, long number64, byte[] bytes) {}

    @Provide
    Arbitrary<List<Field>> messages() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Field> type = Arbitraries.of(0, 1, 2, 3).map(t -> new Field(1, 0, t, null));
        Arbitrary<Field> data = bytes.map(b -> new Field(2, 2, 0, b));
        Arbitrary<Field> fileSize = Arbitraries.longs().between(0, 1L << 40).map(n -> new Field(3, 0, n, null));
        Arbitrary<Field> blockSize = Arbitraries.longs().between(0, 1L << 30).map(n -> new Field(4, 0, n, null));
        Arbitrary<Field> unknown = Combinators.combine(Arbitraries.integers().between(9, 3000),
                Arbitraries.of(0, 1, 2, 5), Arbitraries.longs(), bytes).as(Field::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(2, type), net.jqwik.api.Tuple.of(3, data),
                        net.jqwik.api.Tuple.of(1, fileSize), net.jqwik.api.Tuple.of(1, blockSize),
                        net.jqwik.api.Tuple.of(2, unknown))
                .list().ofMaxSize(8);
    }

    @Property(tries = 1000)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void locatesWhatTheDecoderDecodes(@ForAll("messages") List<Field> fields) throws IOException {
        byte[] message = encode(fields);
        UnixFsData decoded;
        try {
            decoded = UnixFsData.fromBytes(message);
        } catch (FormatException e) {
            return; // the reader never gets this far with such a block
        }
        long at = UnixFsDataField.locate(message);
        byte[] data = decoded.data();
        Statistics.collect(data != null);
        if (data == null) {
            assertEquals(-1, at);
            return;
        }
        assertTrue(at >= 0, "Data not located");
        int offset = (int) (at >>> 32);
        assertArrayEquals(data, Arrays.copyOfRange(message, offset, offset + (int) at));
    }

    /** The same message inside a larger array (a dag-pb block) is found at the same place, counted from the array. */
    @Property(tries = 300)
    void locatesInsideALargerArray(@ForAll("messages") List<Field> fields, @ForAll byte[] before,
            @ForAll byte[] after) throws IOException {
        byte[] message = encode(fields);
        byte[] buf = new byte[before.length + message.length + after.length];
        System.arraycopy(before, 0, buf, 0, before.length);
        System.arraycopy(message, 0, buf, before.length, message.length);
        System.arraycopy(after, 0, buf, before.length + message.length, after.length);
        long alone = UnixFsDataField.locate(message);
        long inside = UnixFsDataField.locate(buf, before.length, message.length);
        assertEquals(alone < 0 ? -1 : alone + ((long) before.length << 32), inside);
    }

    /** Enough of the generated messages decode with data for the property above to mean something. */
    @Property(tries = 1000)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void generatedMessagesOftenDecodeWithData(@ForAll("messages") List<Field> fields) throws IOException {
        boolean withData;
        try {
            withData = UnixFsData.fromBytes(encode(fields)).data() != null;
        } catch (FormatException e) {
            withData = false;
        }
        Statistics.collect(withData);
        Statistics.coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    @Property(tries = 3000)
    void arbitraryBytesNeverThrowOrPointOutside(@ForAll byte[] message) {
        long at = UnixFsDataField.locate(message);
        if (at >= 0) {
            long offset = at >>> 32;
            long length = at & 0xFFFF_FFFFL;
            assertTrue(offset + length <= message.length);
        }
    }

    private static byte[] encode(List<Field> fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        for (Field f : fields) {
            switch (f.wireType()) {
                case 0 -> c.writeUInt64(f.number(), f.number64());
                case 1 -> c.writeFixed64(f.number(), f.number64());
                case 2 -> c.writeBytes(f.number(), ByteString.copyFrom(f.bytes()));
                default -> c.writeFixed32(f.number(), (int) f.number64());
            }
        }
        c.flush();
        return out.toByteArray();
    }
}
