package io.cairn.core.reader;

import static io.cairn.core.reader.HandDags.directory;
import static io.cairn.core.reader.HandDags.file;
import static io.cairn.core.reader.HandDags.link;
import static io.cairn.core.reader.HandDags.shard;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.dagpb.DagPbFormatException;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.unixfs.HamtNames;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsFormatException;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hand-built DAGs that break UnixFS rules, each with honest hashes (as a verifying block source delivers them):
 * every one is refused with a typed exception, never an IndexOutOfBounds, NullPointer or ClassCast, and never
 * read as if it were well formed.
 */
class HostileDagTest {
    private static final byte[] SIX = "sixsix".getBytes(StandardCharsets.US_ASCII);

    private final MemoryBlockStore store = new MemoryBlockStore();
    private final HandDags dags = new HandDags(store);
    private final UnixFsReader reader = new UnixFsReader(store.source());

    private byte[] readAll(Cid file) throws IOException {
        try (InputStream in = reader.open(file)) {
            return in.readAllBytes();
        }
    }

    private void assertUnreadable(Cid file) {
        Executable read = () -> readAll(file);
        assertThrows(UnixFsFormatException.class, read);
    }

    /** The control: the same shapes, well formed, read back. */
    @Test
    void wellFormedHandBuiltFileReads() throws IOException {
        Cid leaf = dags.pb(file(SIX, 6L));
        Cid root = dags.pb(file(new byte[] {'>'}, 13L, 6, 6), link(leaf), link(dags.raw(SIX)));
        assertArrayEquals(">sixsixsixsix".getBytes(StandardCharsets.US_ASCII), readAll(root));
        try (InputStream in = reader.open(root, 7, 100)) {
            assertArrayEquals("sixsix".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
    }

    @Test
    void blockSizeLargerThanTheRawChild() {
        assertUnreadable(dags.pb(file(null, 10L, 10), link(dags.raw(SIX))));
    }

    @Test
    void blockSizeSmallerThanTheDagPbChild() {
        Cid leaf = dags.pb(file(SIX, 6L));
        assertUnreadable(dags.pb(file(null, 5L, 5), link(leaf)));
    }

    /** The child agrees with its parent's block size but holds fewer bytes than it declares. */
    @Test
    void childDeclaringMoreThanItHolds() {
        Cid leaf = dags.pb(file(SIX, 10L));
        assertUnreadable(dags.pb(file(null, 10L, 10), link(leaf)));
        assertUnreadable(leaf);
    }

    @Test
    void rootFileSizeDisagreesWithItsBlockSizes() {
        assertUnreadable(dags.pb(file(null, 100L, 6), link(dags.raw(SIX))));
    }

    @Test
    void moreOrFewerBlockSizesThanLinks() {
        Cid six = dags.raw(SIX);
        assertUnreadable(dags.pb(file(null, 12L, 6, 6), link(six)));
        assertUnreadable(dags.pb(file(null, 6L), link(six)));
        assertUnreadable(dags.pb(file(null, null), link(six), link(six)));
    }

    @Test
    void blockSizesAddingUpPast2To63() {
        Cid six = dags.raw(SIX);
        assertUnreadable(dags.pb(file(null, null, Long.MAX_VALUE, Long.MAX_VALUE), link(six), link(six)));
        Cid huge = dags.pb(file(null, Long.MAX_VALUE, Long.MAX_VALUE), link(six));
        assertUnreadable(huge);
        Executable seek = () -> reader.open(huge, Long.MAX_VALUE - 1, 10).readAllBytes();
        assertThrows(UnixFsFormatException.class, seek);
    }

    @Test
    void fileLinkingToADirectoryHamtOrSymlink() {
        Cid dir = dags.pb(directory());
        Cid hamt = dags.pb(shard(256));
        Cid symlink = dags.pb(UnixFsData.builder(UnixFsType.SYMLINK).data(SIX).build());
        for (Cid child : new Cid[] {dir, hamt, symlink}) {
            assertUnreadable(dags.pb(file(null, 6L, 6), link(child)));
        }
        assertUnreadable(dir);
        assertUnreadable(symlink);
    }

    @Test
    void fileLinkingToABlockOfAnotherCodec() {
        Cid cbor = dags.block(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});
        assertUnreadable(dags.pb(file(null, 1L, 1), link(cbor)));
        assertUnreadable(cbor);
    }

    @Test
    void dagPbNodeWithoutData() {
        Cid noData = dags.pb((byte[]) null);
        assertUnreadable(noData);
        assertUnreadable(dags.pb(file(null, 6L, 6), link(noData)));
        assertThrows(UnixFsFormatException.class, () -> reader.list(noData));
        assertThrows(UnixFsFormatException.class, () -> reader.lookup(noData, "a"));
        Cid hamt = dags.pb(shard(256), link(noData, new HamtNames("a", 256).prefixAt(0)));
        assertThrows(UnixFsFormatException.class, () -> reader.list(hamt));
        assertThrows(UnixFsFormatException.class, () -> reader.lookup(hamt, "a"));
    }

    @Test
    void bytesThatAreNotDagPbOrNotUnixFs() {
        Cid notPb = dags.block(Multicodec.DAG_PB, new byte[] {(byte) 0xff});
        assertThrows(DagPbFormatException.class, () -> reader.open(notPb));
        assertThrows(DagPbFormatException.class, () -> reader.list(notPb));
        Cid notUnixFs = dags.pb(new byte[] {(byte) 0xff, (byte) 0xff});
        assertUnreadable(notUnixFs);
        assertThrows(UnixFsFormatException.class, () -> reader.list(notUnixFs));
        assertThrows(DagPbFormatException.class, () -> readAll(dags.pb(file(null, 1L, 1), link(notPb))));
    }

    @Test
    void rawBlockWhereADirectoryIsExpected() {
        Cid raw = dags.raw(SIX);
        assertThrows(UnixFsFormatException.class, () -> reader.list(raw));
        NoSuchPathException e = assertThrows(NoSuchPathException.class, () -> reader.lookup(raw, "a"));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        Cid dir = dags.pb(directory(), link(raw, "f"));
        assertThrows(NoSuchPathException.class, () -> reader.resolve(dir, "f/a"));

        // A HAMT bucket (a link named by its prefix alone) must be a shard.
        String bucket = new HamtNames("a", 256).prefixAt(0);
        Cid hamt = dags.pb(shard(256), link(raw, bucket));
        assertThrows(UnixFsFormatException.class, () -> reader.list(hamt));
        assertThrows(UnixFsFormatException.class, () -> reader.lookup(hamt, "a"));
        Cid hamtToDir = dags.pb(shard(256), link(dags.pb(directory()), bucket));
        assertThrows(UnixFsFormatException.class, () -> reader.list(hamtToDir));
        assertThrows(UnixFsFormatException.class, () -> reader.lookup(hamtToDir, "a"));
    }

    @Test
    void hamtLinkNamesWithoutBucketPrefixes() {
        Cid six = dags.raw(SIX);
        for (String bad : new String[] {"foo", "x", "", "ab" + "name", "zzname"}) {
            Cid hamt = dags.pb(shard(256), link(six, bad));
            UnixFsFormatException e = assertThrows(UnixFsFormatException.class, () -> reader.list(hamt), bad);
            assertTrue(e.getMessage().contains("bucket prefix"), e.getMessage());
            assertThrows(NoSuchPathException.class, () -> reader.lookup(hamt, "foo"));
        }
        Cid noName = dags.pb(shard(256), new PbLink(six, null, 6L));
        assertThrows(UnixFsFormatException.class, () -> reader.list(noName));
        assertThrows(NoSuchPathException.class, () -> reader.lookup(noName, "foo"));
        // Fanout 8: one hex digit, and 8 or above names no bucket.
        Cid beyondFanout = dags.pb(shard(8), link(six, "9name"));
        assertThrows(UnixFsFormatException.class, () -> reader.list(beyondFanout));
    }

    @Test
    void hamtWithoutFanoutOrWithABadOneOrAnotherHash() {
        Cid six = dags.raw(SIX);
        String bucket = new HamtNames("a", 256).prefixAt(0);
        for (UnixFsData bad : new UnixFsData[] {shard(HandDags.MURMUR3, null), shard(3), shard(0),
                shard(HandDags.MURMUR3, 1L << 40), shard(0x23L, 256L), shard(null, 256L)}) {
            Cid hamt = dags.pb(bad, link(six, bucket + "a"));
            assertThrows(UnixFsFormatException.class, () -> reader.list(hamt), bad.toString());
            assertThrows(UnixFsFormatException.class, () -> reader.lookup(hamt, "a"), bad.toString());
        }
    }

    /** A chain of shards down the bucket path of one name, past any depth a 64-bit hash could need. */
    @Test
    void hamtTooDeep() {
        HamtNames names = new HamtNames("deep", 256);
        Cid shard = dags.pb(shard(256), link(dags.raw(SIX), names.prefixAt(100) + "deep"));
        for (int level = 99; level >= 0; level--) {
            shard = dags.pb(shard(256), link(shard, names.prefixAt(level)));
        }
        Cid root = shard;
        assertThrows(UnixFsFormatException.class, () -> reader.lookup(root, "deep"));
        assertThrows(UnixFsFormatException.class, () -> reader.list(root));
    }

    @Test
    void fileTooDeep() {
        Cid node = dags.raw(SIX);
        for (int i = 0; i < 300; i++) {
            node = dags.pb(file(null, 6L, 6), link(node));
        }
        assertUnreadable(node);
    }

    @Test
    void symlinkIsNeitherFileNorDirectory() {
        Cid symlink = dags.pb(UnixFsData.builder(UnixFsType.SYMLINK).data(SIX).build());
        assertThrows(UnixFsFormatException.class, () -> reader.list(symlink));
        assertThrows(NoSuchPathException.class, () -> reader.lookup(symlink, "a"));
    }

    /** Not a format error: the DAG may be fine, a block is just not here. Said with its own type. */
    @Test
    void missingBlockIsBlockNotFound() {
        Cid absent = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {1, 2, 3});
        Cid root = dags.pb(file(null, 3L, 3), link(absent));
        BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> readAll(root));
        assertEquals(absent, e.cid());
    }
}
