package io.cairn.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pack file format and writer on their own: both the {@code O_DIRECT} and the buffered writer. */
class PackFilesTest {
    @TempDir
    Path dir;

    private final Random random = new Random(11);

    private record Rec(Multihash mh, byte[] data, long pack, long offset) {}

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Multihash hash(byte[] data) {
        return Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data).multihash();
    }

    private PackFiles open(boolean direct) throws IOException {
        if (direct && !Database.directIoWorks(dir)) {
            direct = false; // this file system refuses O_DIRECT; the buffered writer is tested either way
        }
        return PackFiles.open(dir, false, direct);
    }

    private static Rec append(PackFiles packs, byte[] data) throws IOException {
        Multihash mh = hash(data);
        long[] at = packs.append(mh, data);
        return new Rec(mh, data, at[0], at[1]);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void recordsSpanBuffersAndPacksAndReadBackAndScanInOrder(boolean direct) throws IOException {
        List<Rec> recs = new ArrayList<>();
        try (PackFiles packs = open(direct)) {
            packs.packBytes = 3 << 20; // several packs, records crossing the writer's 4 MiB buffers and packs
            for (int i = 0; i < 40; i++) {
                recs.add(append(packs, bytes(1 + random.nextInt(600_000))));
                if (i % 7 == 3) {
                    packs.sync(); // padding in the middle of a pack
                }
            }
            packs.sync();
            for (Rec r : recs) {
                assertArrayEquals(r.data(), packs.read(r.pack(), r.offset(), r.mh(), r.data().length));
            }
        }
        try (PackFiles packs = PackFiles.open(dir, true)) {
            List<Long> ids = packs.ids();
            assertTrue(ids.size() >= 4, "packs: " + ids);
            List<Rec> scanned = new ArrayList<>();
            for (long id : ids) {
                packs.scan(id, (mh, offset, length, data) -> {
                    assertEquals(PackFiles.recordLength(mh.byteLength(), data.length), length);
                    scanned.add(new Rec(mh, data, id, offset));
                });
            }
            assertEquals(recs.size(), scanned.size());
            for (int i = 0; i < recs.size(); i++) {
                assertEquals(recs.get(i).mh(), scanned.get(i).mh());
                assertEquals(recs.get(i).pack(), scanned.get(i).pack());
                assertEquals(recs.get(i).offset(), scanned.get(i).offset());
                assertArrayEquals(recs.get(i).data(), scanned.get(i).data());
            }
        }
        try (PackFiles packs = open(direct)) {
            Rec more = append(packs, bytes(1000));
            assertTrue(more.pack() > recs.get(recs.size() - 1).pack(), "a new process starts a new pack");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aTornTailEndsTheScanAndAReadOfItFailsClearly(boolean direct) throws IOException {
        Rec a;
        Rec b;
        try (PackFiles packs = open(direct)) {
            a = append(packs, bytes(70_000));
            packs.sync();
            b = append(packs, bytes(90_000));
            packs.sync();
        }
        Path file = dir.resolve(PackFiles.DIRECTORY).resolve(PackFiles.fileName(a.pack()));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(b.offset() + 50_000); // the second record cut in half, as a crash before its sync can
        }
        try (PackFiles packs = PackFiles.open(dir, true)) {
            List<Multihash> seen = new ArrayList<>();
            packs.scan(a.pack(), (mh, offset, length, data) -> seen.add(mh));
            assertEquals(List.of(a.mh()), seen);
            assertArrayEquals(a.data(), packs.read(a.pack(), a.offset(), a.mh(), a.data().length));
            IOException e = assertThrows(PackFiles.BadRecordException.class,
                    () -> packs.read(b.pack(), b.offset(), b.mh(), b.data().length));
            assertTrue(e.getMessage().contains("ends inside block " + b.mh()), e.getMessage());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes(4096)), b.offset()); // garbage, not zeros, after the first record
        }
        try (PackFiles packs = PackFiles.open(dir, true)) {
            List<Multihash> seen = new ArrayList<>();
            packs.scan(a.pack(), (mh, offset, length, data) -> seen.add(mh));
            assertEquals(List.of(a.mh()), seen);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRecordIsReadOnlyAsTheBlockAndSizeItHolds(boolean direct) throws IOException {
        try (PackFiles packs = open(direct)) {
            Rec a = append(packs, bytes(50_000));
            Rec b = append(packs, bytes(50_000));
            packs.sync();
            assertThrows(PackFiles.BadRecordException.class,
                    () -> packs.read(a.pack(), a.offset(), b.mh(), a.data().length), "another block's record");
            assertThrows(PackFiles.BadRecordException.class,
                    () -> packs.read(a.pack(), a.offset(), a.mh(), a.data().length - 1), "another size");
            assertThrows(PackFiles.BadRecordException.class,
                    () -> packs.read(a.pack(), a.offset() + 1, a.mh(), a.data().length), "not a record's start");
            assertThrows(NoSuchFileException.class,
                    () -> packs.read(a.pack() + 5, a.offset(), a.mh(), a.data().length), "no such pack");
            assertArrayEquals(b.data(), packs.read(b.pack(), b.offset(), b.mh(), b.data().length));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void heldAndCurrentPacksAreNotReclaimable(boolean direct) throws IOException {
        try (PackFiles packs = open(direct)) {
            packs.packBytes = 100_000;
            Object session = new Object();
            packs.hold(session);
            Rec first = append(packs, bytes(120_000));
            append(packs, bytes(120_000)); // rolls: the first pack is sealed
            packs.sync();
            assertTrue(packs.ids().size() >= 2);
            assertEquals(List.of(), packs.reclaimable(), "the session may still publish into the first pack");
            packs.release(session);
            assertEquals(List.of(first.pack()), packs.reclaimable(), "the current pack is not reclaimable");
            packs.seal();
            assertEquals(packs.ids(), packs.reclaimable());
            packs.delete(first.pack());
            assertFalse(packs.ids().contains(first.pack()));
            assertThrows(NoSuchFileException.class,
                    () -> packs.read(first.pack(), first.offset(), first.mh(), first.data().length));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void syncIsWhatMakesRecordsReadable(boolean direct) throws IOException {
        try (PackFiles packs = open(direct)) {
            Rec a = append(packs, bytes(10_000));
            // Before the sync the record may still be in the writer's buffer: it is not published yet.
            packs.sync();
            assertArrayEquals(a.data(), packs.read(a.pack(), a.offset(), a.mh(), a.data().length));
            long size = Files.size(dir.resolve(PackFiles.DIRECTORY).resolve(PackFiles.fileName(a.pack())));
            assertEquals(0, size % PackFiles.ALIGN, "a sync pads the pack to 4 KiB: " + size);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void moreReadersThanTheBoundStillRead(boolean direct) throws Exception {
        List<Rec> recs = new ArrayList<>();
        try (PackFiles packs = open(direct)) {
            packs.packBytes = 1; // a pack per record
            for (int i = 0; i < PackFiles.MAX_READERS + 40; i++) {
                recs.add(append(packs, bytes(100)));
            }
            packs.sync();
            assertEquals(recs.size(), packs.ids().size());
            for (int round = 0; round < 2; round++) {
                for (Rec r : recs) {
                    assertArrayEquals(r.data(), packs.read(r.pack(), r.offset(), r.mh(), r.data().length));
                }
            }
            long open;
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                open = fds.filter(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString().endsWith(".pack");
                    } catch (IOException e) {
                        return false;
                    }
                }).count();
            }
            assertTrue(open <= PackFiles.MAX_READERS + 2, open + " pack files open");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anAppendInterruptedMidRecordEndsItsPackAndLosesNoEarlierRecord(boolean direct) throws IOException {
        Rec first;
        Rec third;
        try (PackFiles packs = open(direct)) {
            first = append(packs, bytes(100_000));
            byte[] big = bytes(PackFiles.CHUNK + 1000); // needs a second staging buffer
            Thread.currentThread().interrupt();
            try {
                assertThrows(java.io.InterruptedIOException.class, () -> packs.append(hash(big), big));
            } finally {
                Thread.interrupted();
            }
            third = append(packs, bytes(50_000));
            assertTrue(third.pack() > first.pack(), "the interrupted pack ends; the next record starts a new one");
            packs.sync();
            assertArrayEquals(first.data(), packs.read(first.pack(), first.offset(), first.mh(),
                    first.data().length));
            assertArrayEquals(third.data(), packs.read(third.pack(), third.offset(), third.mh(),
                    third.data().length));
        }
        try (PackFiles packs = PackFiles.open(dir, true)) {
            List<Multihash> seen = new ArrayList<>();
            packs.scan(first.pack(), (mh, offset, length, data) -> seen.add(mh));
            assertEquals(List.of(first.mh()), seen, "the partial record is the pack's unpublished tail");
        }
    }
}
