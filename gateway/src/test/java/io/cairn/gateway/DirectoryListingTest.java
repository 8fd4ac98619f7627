package io.cairn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DirectoryListingTest {
    /** go-humanize v1.0.1's own {@code TestBytes} vectors for {@code Bytes}, which Kubo's listing prints sizes with. */
    @Test
    void sizesReadAsKubosListingPrintsThem() {
        long kb = 1000;
        long mb = kb * 1000;
        long gb = mb * 1000;
        long tb = gb * 1000;
        long pb = tb * 1000;
        long eb = pb * 1000;
        assertEquals("0 B", DirectoryListing.humanSize(0));
        assertEquals("1 B", DirectoryListing.humanSize(1));
        assertEquals("803 B", DirectoryListing.humanSize(803));
        assertEquals("999 B", DirectoryListing.humanSize(999));
        assertEquals("1.0 kB", DirectoryListing.humanSize(1024));
        assertEquals("10 kB", DirectoryListing.humanSize(9999));
        assertEquals("1000 kB", DirectoryListing.humanSize(mb - 1));
        assertEquals("1.0 MB", DirectoryListing.humanSize(1024 * 1024));
        assertEquals("1000 MB", DirectoryListing.humanSize(gb - kb));
        assertEquals("1.0 GB", DirectoryListing.humanSize(gb));
        assertEquals("1000 GB", DirectoryListing.humanSize(tb - mb));
        assertEquals("10 MB", DirectoryListing.humanSize(9999 * 1000));
        assertEquals("1.0 TB", DirectoryListing.humanSize(tb));
        assertEquals("999 TB", DirectoryListing.humanSize(pb - tb));
        assertEquals("1.0 PB", DirectoryListing.humanSize(pb));
        assertEquals("999 PB", DirectoryListing.humanSize(eb - pb));
        assertEquals("1.0 EB", DirectoryListing.humanSize(eb));
    }
}
