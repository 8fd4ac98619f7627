package io.cairn.testnet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.network.dht.Key;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class KeyspaceIndexTest {
    /** The seeding of routing tables rests on this: a bucket's peers are exactly one range of the sorted keyspace. */
    @Property(tries = 100)
    void bucketRangeHoldsExactlyThePointsOfThatPrefixLength(@ForAll long seed, @ForAll @IntRange(max = 12) int cpl) {
        Random random = new Random(seed);
        List<byte[]> raw = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[8];
            random.nextBytes(b);
            raw.add(b);
        }
        KeyspaceIndex<byte[]> index = new KeyspaceIndex<>(raw, Key::of);
        Key x = Key.of(raw.get(random.nextInt(raw.size())));
        Set<Key> expected = new HashSet<>();
        Set<Key> sharing = new HashSet<>();
        for (byte[] b : raw) {
            Key k = Key.of(b);
            if (k.commonPrefixLength(x) == cpl) {
                expected.add(k);
            }
            if (k.commonPrefixLength(x) >= cpl) {
                sharing.add(k);
            }
        }
        assertEquals(expected, keysIn(index, index.bucketRange(x, cpl)));
        assertEquals(sharing, keysIn(index, index.sharedPrefixRange(x, cpl)));
    }

    private static Set<Key> keysIn(KeyspaceIndex<byte[]> index, int[] range) {
        Set<Key> out = new HashSet<>();
        for (int i = range[0]; i < range[1]; i++) {
            out.add(Key.of(index.item(i)));
        }
        return out;
    }
}
