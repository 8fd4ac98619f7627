package io.cairn.storage.providers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksProvideStoreTest {
    @TempDir
    Path dir;

    private static List<Multihash> keys(int n, String seed) {
        List<Multihash> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Multihash.digest(HashFunction.SHA2_256, (seed + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The model: a map ordered by point, the point computed with the JDK's SHA-256, not our own hashing. */
    private static TreeMap<String, Multihash> model(List<Multihash> keys) throws Exception {
        TreeMap<String, Multihash> m = new TreeMap<>();
        for (Multihash k : keys) {
            m.put(hex(MessageDigest.getInstance("SHA-256").digest(k.toBytes())), k);
        }
        return m;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    private static byte[] bound(int firstByte, int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        b[0] = (byte) firstByte;
        return b;
    }

    @Test
    void keysSurviveAReopenAndRangesFollowKeyspaceOrder() throws Exception {
        List<Multihash> keys = keys(500, "k");
        try (RocksProvideStore s = RocksProvideStore.open(dir)) {
            for (Multihash k : keys) {
                assertTrue(s.keys().add(k));
            }
            assertFalse(s.keys().add(keys.get(0)));
            for (Multihash k : keys.subList(0, 100)) {
                assertTrue(s.queue().add(k));
            }
            assertTrue(s.keys().remove(keys.get(499)));
            assertFalse(s.keys().remove(keys.get(499)));
            s.saveSchedule(new byte[] {1, 2, 3});
        }
        try (RocksProvideStore s = RocksProvideStore.open(dir)) {
            assertEquals(499, s.keys().size());
            assertEquals(100, s.queue().size());
            assertTrue(s.keys().contains(keys.get(0)));
            assertFalse(s.keys().contains(keys.get(499)));
            assertTrue(s.queue().contains(keys.get(99)));
            assertFalse(s.queue().contains(keys.get(100)));
            assertArrayEquals(new byte[] {1, 2, 3}, s.loadSchedule().orElseThrow());

            TreeMap<String, Multihash> model = model(keys.subList(0, 499));
            // The whole keyspace, then the region of points starting with 0x40..0x7f (prefix "01", 2 bits).
            assertEquals(List.copyOf(model.values()), s.keys().list(bound(0, 0), bound(0xff, 0xff), 10_000));
            List<Multihash> expected = List.copyOf(model.subMap("40", true, "8", false).values());
            assertEquals(expected.size(), s.keys().count(bound(0x40, 0), bound(0x7f, 0xff)));
            List<Multihash> seen = new ArrayList<>();
            s.keys().forEach(bound(0x40, 0), bound(0x7f, 0xff), seen::add);
            assertEquals(expected, seen);
            assertEquals(expected.subList(0, 3), s.keys().list(bound(0x40, 0), bound(0x7f, 0xff), 3));
            Map.Entry<String, Multihash> after = model.ceilingEntry("80");
            assertEquals(Optional.of(after.getValue()), s.keys().ceiling(bound(0x80, 0)));
            assertEquals(Optional.empty(), s.keys().ceiling(bound(0xff, 0xff)));
        }
    }

    @Test
    void randomOperationsMatchAModelAcrossReopens() throws Exception {
        Random random = new Random(11);
        List<Multihash> universe = keys(200, "u");
        TreeMap<String, Multihash> present = new TreeMap<>();
        for (int round = 0; round < 3; round++) {
            try (RocksProvideStore s = RocksProvideStore.open(dir)) {
                assertEquals(present.size(), s.queue().size());
                assertEquals(List.copyOf(present.values()), s.queue().list(bound(0, 0), bound(0xff, 0xff), 1000));
                for (int i = 0; i < 300; i++) {
                    Multihash k = universe.get(random.nextInt(universe.size()));
                    String p = hex(MessageDigest.getInstance("SHA-256").digest(k.toBytes()));
                    if (random.nextBoolean()) {
                        assertEquals(!present.containsKey(p), s.queue().add(k));
                        present.put(p, k);
                    } else {
                        assertEquals(present.containsKey(p), s.queue().remove(k));
                        present.remove(p);
                    }
                }
                assertEquals(present.size(), s.queue().size());
                assertEquals(0, s.keys().size());
            }
        }
    }

    @Test
    void scansCrossPagesAndTolerateRemovalsByTheAction() throws Exception {
        int n = RocksProviderKeySet.PAGE * 2 + 17;
        List<Multihash> keys = keys(n, "page");
        try (RocksProvideStore s = RocksProvideStore.open(dir)) {
            keys.forEach(s.queue()::add);
            List<Multihash> expected = List.copyOf(model(keys).values());
            assertEquals(n, s.queue().count(bound(0, 0), bound(0xff, 0xff)));
            assertEquals(expected.subList(0, RocksProviderKeySet.PAGE + 5),
                    s.queue().list(bound(0, 0), bound(0xff, 0xff), RocksProviderKeySet.PAGE + 5));
            List<Multihash> seen = new ArrayList<>();
            s.queue().forEach(bound(0, 0), bound(0xff, 0xff), m -> {
                seen.add(m);
                assertTrue(s.queue().remove(m)); // as the sweep provider does with what it announced
            });
            assertEquals(expected, seen);
            assertEquals(0, s.queue().size());
        }
    }

    @Test
    void aClosedStoreRefusesWork() throws Exception {
        RocksProvideStore s = RocksProvideStore.open(dir);
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.keys().add(keys(1, "x").get(0)));
    }
}
