package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class KeyspaceRegionTest {
    @Property
    void aRegionHoldsExactlyThePointsSharingItsPrefix(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b,
            @ForAll @IntRange(min = 0, max = 256) int length) {
        Key p = Key.fromHash(a);
        Key q = Key.fromHash(b);
        KeyspaceRegion r = KeyspaceRegion.of(p, length);
        assertTrue(r.contains(p));
        assertEquals(p.commonPrefixLength(q) >= length, r.contains(q));
        assertTrue(r.first().compareTo(p) <= 0 && p.compareTo(r.last()) <= 0);
        assertEquals(r, KeyspaceRegion.fromPrefixBytes(r.prefixBytes(), length));
        assertEquals(length, r.toString().length());
        if (length > 0) {
            assertTrue(r.parent().contains(r));
            assertFalse(r.contains(r.parent()));
            assertFalse(r.overlaps(r.sibling()));
            assertEquals(r.parent(), r.sibling().parent());
        }
        if (length < 256) {
            assertTrue(r.contains(r.child(true)) && r.contains(r.child(false)));
            assertTrue(r.child(false).compareTo(r.child(true)) < 0);
        }
    }

    @Test
    void theRootHoldsEverythingAndPrintsEmpty() {
        KeyspaceRegion root = KeyspaceRegion.root();
        assertEquals("", root.toString());
        assertTrue(root.contains(Key.of(new byte[] {1})));
        assertEquals("1", root.child(true).toString());
        assertEquals("10", root.child(true).child(false).toString());
        assertEquals(Key.fromHash(new byte[32]), root.first());
    }
}
