package io.cairn.core.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UnixFsDataProperties {
    @Provide
    Arbitrary<UnixFsData> data() {
        Arbitrary<Long> u63 = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<UnixFsMtime> mtime = Combinators.combine(Arbitraries.longs(),
                Arbitraries.integers().between(0, 999_999_999)).as(UnixFsMtime::new);
        return Arbitraries.of(UnixFsType.class).flatMap(type -> Builders.withBuilder(() -> UnixFsData.builder(type))
                .use(Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).withProbability(0.6)
                .in(UnixFsData.Builder::data)
                .use(u63).withProbability(0.5).in(UnixFsData.Builder::fileSize)
                .use(u63.array(long[].class).ofMaxSize(5)).withProbability(0.5).in(UnixFsData.Builder::blockSizes)
                .use(u63).withProbability(0.3).in(UnixFsData.Builder::hashType)
                .use(u63).withProbability(0.3).in(UnixFsData.Builder::fanout)
                .use(Arbitraries.integers()).withProbability(0.3).in(UnixFsData.Builder::mode)
                .use(mtime).withProbability(0.3).in(UnixFsData.Builder::mtime)
                .build(UnixFsData.Builder::build));
    }

    @Property
    void roundTrips(@ForAll("data") UnixFsData d) {
        byte[] b = d.toBytes();
        UnixFsData back = UnixFsData.fromBytes(b);
        assertEquals(d, back);
        assertEquals(d.hashCode(), back.hashCode());
    }

    /** Parsing a message inside a larger array (a dag-pb block) reads exactly that range. */
    @Property
    void parsesAMessageInsideALargerArray(@ForAll("data") UnixFsData d, @ForAll byte[] before, @ForAll byte[] after) {
        byte[] b = d.toBytes();
        byte[] buf = new byte[before.length + b.length + after.length];
        System.arraycopy(before, 0, buf, 0, before.length);
        System.arraycopy(b, 0, buf, before.length, b.length);
        System.arraycopy(after, 0, buf, before.length + b.length, after.length);
        UnixFsData back = UnixFsData.fromBytes(buf, before.length, b.length);
        assertEquals(d, back);
        assertEquals(d.hashCode(), back.hashCode());
        assertArrayEquals(b, back.toBytes());
    }

    @Property
    void arbitraryBytesParseOrThrowTheTypedError(@ForAll byte[] bytes) {
        try {
            UnixFsData d = UnixFsData.fromBytes(bytes);
            assertEquals(d, UnixFsData.fromBytes(d.toBytes()));
        } catch (UnixFsFormatException expected) {
            // rejected: fine
        }
    }

    @Property
    void typeFirstBytesParseOrThrowTheTypedError(@ForAll byte[] tail, @ForAll("types") UnixFsType t) {
        byte[] b = new byte[tail.length + 2];
        b[0] = 0x08;
        b[1] = (byte) t.number();
        System.arraycopy(tail, 0, b, 2, tail.length);
        arbitraryBytesParseOrThrowTheTypedError(b);
    }

    @Provide
    Arbitrary<UnixFsType> types() {
        return Arbitraries.of(UnixFsType.class);
    }
}
