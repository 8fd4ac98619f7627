package io.cairn.storage.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.routing.ProviderLimits;
import io.cairn.core.routing.ProviderStore;
import io.cairn.core.routing.ProviderStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** {@link RocksProviderStore} against core's {@link ProviderStoreContract}, plus what only a disk store must do. */
class RocksProviderStoreTest extends ProviderStoreContract {
    private final Map<ProviderStore, Path> dirs = new IdentityHashMap<>();

    @Override
    protected ProviderStore newStore(ProviderLimits limits) throws IOException {
        Path dir = Files.createTempDirectory("cairn-providers");
        RocksProviderStore s = RocksProviderStore.open(dir.resolve(RocksProviderStore.DIRECTORY), limits);
        dirs.put(s, dir);
        return s;
    }

    @Override
    protected void closeStore(ProviderStore s) throws IOException {
        ((RocksProviderStore) s).close();
        Path dir = dirs.remove(s);
        if (dir != null) {
            delete(dir);
        }
    }

    @Override
    protected ProviderStore reopen(ProviderStore s, ProviderLimits limits) throws IOException {
        ((RocksProviderStore) s).close();
        Path dir = dirs.remove(s);
        RocksProviderStore again = RocksProviderStore.open(dir.resolve(RocksProviderStore.DIRECTORY), limits);
        dirs.put(again, dir);
        return again;
    }

    @Override
    protected void checkInvariants(ProviderStore s) {
        assertEquals(List.of(), ((RocksProviderStore) s).verify());
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            long total = 0;
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /** The sweep reads the expired records and their keys, not the store: 100 expired among 10,000. */
    @Test
    void theSweepCostsWhatItRemoves() throws IOException {
        RocksProviderStore s = (RocksProviderStore) open(ProviderLimits.of(20, 100_000));
        Random r = new Random(7);
        // 100 old records under 50 keys, then 9,900 fresh ones under other keys and under the same keys.
        for (int i = 0; i < 100; i++) {
            s.addProvider(mh(i / 2), peer(i), ADDRS, 0);
        }
        for (int i = 0; i < 9_900; i++) {
            int key = i < 50 ? i : 1000 + r.nextInt(3000);
            s.addProvider(mh(key), peer(100 + i), ADDRS, 10 * HOUR);
        }
        assertEquals(10_000, s.recordCount());
        s.sweepReads = 0;
        s.removeExpired(48 * HOUR);
        assertEquals(9_900, s.recordCount());
        // 100 expired index entries + the first live one; per key, the seek for a survivor steps over at most its 2
        // removed records.
        long reads = s.sweepReads;
        assertTrue(reads >= 101 + 50 && reads <= 101 + 50 * 3, () -> "reads " + reads);
        assertEquals(List.of(), s.verify());

        // A second sweep with nothing to do reads one entry, not the 9,900 records.
        s.sweepReads = 0;
        s.removeExpired(48 * HOUR);
        assertEquals(1, s.sweepReads);

        // Sweeping everything reads each record once in the index and about once more when its key is checked
        // (once per sweep batch a key's records span, plus one).
        s.sweepReads = 0;
        s.removeExpired(58 * HOUR);
        assertEquals(0, s.recordCount());
        assertEquals(0, s.keyCount());
        long all = s.sweepReads;
        assertTrue(all >= 2L * 9_900 && all <= 3L * 9_900, () -> "reads " + all);
        assertEquals(List.of(), s.verify());
    }

    /** A peer announcing without end under fresh keys and fresh identities: bounded in records and on disk. */
    @Test
    void aFloodStaysBoundedOnDiskAndAcrossARestart() throws IOException {
        ProviderLimits limits = ProviderLimits.of(5, 1_000);
        ProviderStore s = open(limits);
        Random r = new Random(3);
        List<Multiaddr> many = addrs(1, 64);
        long now = 0;
        for (int i = 0; i < 20_000; i++) {
            now += 1000;
            byte[] d = new byte[32];
            r.nextBytes(d);
            // Half to a few hot keys (evicting one another), half to ever new keys (refused when full).
            Multihash key = i % 2 == 0 ? mh(r.nextInt(10)) : Multihash.of(0x12, d);
            s.addProvider(key, peer(r.nextInt(1 << 20)), many, now);
            if (i % 5_000 == 0) {
                s.removeExpired(now);
            }
        }
        assertEquals(1_000, s.recordCount());
        ProviderStore again = restart(s, limits);
        assertEquals(1_000, again.recordCount());
        assertFalse(again.addProvider(mh(99_999), peer(1), ADDRS, now));
        checkInvariants(again);
        // 1,000 records of at most MAX_ADDRESS_BYTES addresses each, plus keys and RocksDB's own files and logs.
        Path dir = dirs.get(again).resolve(RocksProviderStore.DIRECTORY);
        long bytes = sizeOf(dir);
        assertTrue(bytes < 1_000L * (ProviderStore.MAX_ADDRESS_BYTES + 200) + (8L << 20), () -> bytes + " bytes");
        // When all expire, everything goes, and the counters say so after another restart.
        again.removeExpired(now + 48 * HOUR);
        ProviderStore third = restart(again, limits);
        assertEquals(0, third.recordCount());
        assertEquals(0, third.keyCount());
        assertTrue(third.addProvider(mh(99_999), peer(1), ADDRS, now + 48 * HOUR));
    }

    @Test
    void aStoreOfAnotherFormatIsRefusedWithAWayOut() throws IOException {
        ProviderStore s = open(ProviderLimits.of(20, 100));
        Path dir = dirs.get(s).resolve(RocksProviderStore.DIRECTORY);
        ((RocksProviderStore) s).close();
        try (ColumnFamilyOptions cf = new ColumnFamilyOptions(); DBOptions options = new DBOptions()) {
            List<ColumnFamilyDescriptor> families = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf),
                    new ColumnFamilyDescriptor("records".getBytes(StandardCharsets.UTF_8), cf),
                    new ColumnFamilyDescriptor("expiry".getBytes(StandardCharsets.UTF_8), cf));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.open(options, dir.toString(), families, handles)) {
                db.put(handles.get(0), "format".getBytes(StandardCharsets.US_ASCII),
                        "9".getBytes(StandardCharsets.US_ASCII));
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            throw new IOException(e);
        }
        IOException e = assertThrows(IOException.class,
                () -> RocksProviderStore.open(dir, ProviderLimits.of(20, 100)));
        assertTrue(e.getMessage().contains("format 9"), e.getMessage());
    }

    @Test
    void aClosedStoreFailsLoudly() throws IOException {
        RocksProviderStore s = (RocksProviderStore) open(ProviderLimits.of(20, 100));
        s.close();
        assertThrows(UncheckedIOException.class, () -> s.providers(mh(1), 0));
        assertThrows(UncheckedIOException.class, () -> s.addProvider(mh(1), peer(1), ADDRS, 0));
    }
}
