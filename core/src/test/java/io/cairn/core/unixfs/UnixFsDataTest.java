package io.cairn.core.unixfs;

import static io.cairn.core.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.core.testing.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected bytes come from ipfs-unixfs 13.1.1 ({@code new UnixFS({...}).marshal()}, run with node 24) and agree
 * with Kubo's well-known CIDs for the empty file and the empty directory (checked in DagPbTest).
 */
class UnixFsDataTest {
    private static void encodesAs(UnixFsData d, String hex) {
        assertEquals(hex, Hex.of(d.toBytes()));
        assertEquals(d, UnixFsData.fromBytes(bytes(hex)));
    }

    @Test
    void fileLeaf() {
        // new UnixFS({ type: 'file', data: 'hello world\n' })
        encodesAs(UnixFsData.file("hello world\n".getBytes(StandardCharsets.UTF_8)),
                "0802120c68656c6c6f20776f726c640a180c");
    }

    @Test
    void emptyFileHasFilesizeZeroAndNoData() {
        // new UnixFS({ type: 'file' }) and new UnixFS({ type: 'file', data: new Uint8Array(0) })
        encodesAs(UnixFsData.file(null), "08021800");
        encodesAs(UnixFsData.file(new byte[0]), "08021800");
    }

    @Test
    void fileRootWithBlockSizes() {
        // new UnixFS({ type: 'file', blockSizes: [262144n, 262144n, 5n] })
        UnixFsData d = UnixFsData.file(null, 262144, 262144, 5);
        encodesAs(d, "08021885802020808010208080102005");
        assertEquals(262144L * 2 + 5, d.fileSize());
    }

    @Test
    void directory() {
        encodesAs(UnixFsData.directory(), "0801");
    }

    @Test
    void directoryWithModeAndMtime() {
        // new UnixFS({ type: 'directory', mode: 0o700, mtime: { secs: 1700000000n, nsecs: 123456789 } })
        encodesAs(UnixFsData.builder(UnixFsType.DIRECTORY).mode(0700)
                .mtime(new UnixFsMtime(1700000000L, 123456789)).build(), "080138c003420b0880e2cfaa061515cd5b07");
    }

    @Test
    void negativeMtimeSecondsUseTenByteVarint() {
        // new UnixFS({ type: 'file', data: 'x', mtime: { secs: -5n } })
        encodesAs(UnixFsData.builder(UnixFsType.FILE).data(new byte[] {'x'}).fileSize(1L)
                .mtime(new UnixFsMtime(-5, 0)).build(), "08021201781801420b08fbffffffffffffffff01");
    }

    @Test
    void zeroNanosAreNotWritten() {
        UnixFsData d = UnixFsData.builder(UnixFsType.FILE).mtime(new UnixFsMtime(7, 0)).build();
        assertEquals("080242020807", Hex.of(d.toBytes()));
    }

    @Test
    void rawSymlinkAndHamtShard() {
        // new UnixFS({ type: 'raw', data: 'abc' }), { type: 'symlink', data: '../target' },
        // { type: 'hamt-sharded-directory', data: [0x80, 0, 1], hashType: 0x22n, fanout: 256n }
        encodesAs(UnixFsData.builder(UnixFsType.RAW).data("abc".getBytes(StandardCharsets.UTF_8)).fileSize(3L)
                .build(), "080012036162631803");
        encodesAs(UnixFsData.builder(UnixFsType.SYMLINK).data("../target".getBytes(StandardCharsets.UTF_8))
                .build(), "080412092e2e2f746172676574");
        UnixFsData shard = UnixFsData.builder(UnixFsType.HAMT_SHARD).data(new byte[] {(byte) 0x80, 0, 1})
                .hashType(0x22L).fanout(256L).build();
        encodesAs(shard, "080512038000012822308002");
        assertEquals(0x22L, shard.hashType());
        assertEquals(256L, shard.fanout());
    }

    @Test
    void emptyDataIsKeptWhenExplicitlySet() {
        UnixFsData d = UnixFsData.builder(UnixFsType.FILE).data(new byte[0]).build();
        assertEquals("08021200", Hex.of(d.toBytes()));
        assertArrayEquals(new byte[0], UnixFsData.fromBytes(d.toBytes()).data());
        assertNull(UnixFsData.directory().data());
    }

    @Test
    void readsPackedBlockSizesAndSkipsUnknownFields() {
        // 22 04 <packed 1, 2, 300>: protobuf parsers accept packed encoding of a repeated scalar.
        UnixFsData d = UnixFsData.fromBytes(bytes("0802" + "2204" + "0102ac02" + "4801"));
        assertArrayEquals(new long[] {1, 2, 300}, d.blockSizes());
    }

    @Test
    void modeKeepsAllThirtyTwoBits() {
        UnixFsData d = UnixFsData.builder(UnixFsType.FILE).mode(0xfffff1ff).build();
        assertEquals(0xfffff1ff, UnixFsData.fromBytes(d.toBytes()).mode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", // Type is required
        "1200", // Data without Type
        "0806", // unknown Type value
        "08", // truncated
        "0802120c68656c6c6f", // length past the end
        "0802420208", // mtime Seconds truncated
        "0802420215" + "00000000", // mtime without Seconds
        "08024207080115" + "00000000", // FractionalNanoseconds 0
        "08024207080115" + "00ca9a3b", // FractionalNanoseconds 1,000,000,000
        "080218ffffffffffffffffff01", // filesize 2^64-1
        "0802" + "20" + "808080808080808080" + "01", // blocksize 2^63
        "0802" + "0f", // bad wire type
    })
    void rejectsMalformedData(String hex) {
        assertThrows(UnixFsFormatException.class, () -> UnixFsData.fromBytes(bytes(hex)));
    }

    @Test
    void builderRejectsNegativeSizes() {
        assertThrows(IllegalArgumentException.class, () -> UnixFsData.builder(UnixFsType.FILE).fileSize(-1L));
        assertThrows(IllegalArgumentException.class, () -> UnixFsData.builder(UnixFsType.FILE).blockSizes(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new UnixFsMtime(0, 1_000_000_000));
    }
}
