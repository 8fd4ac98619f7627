package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.multiformats.Cid;
import io.cairn.storage.rocks.MissingBlockException;
import io.cairn.storage.rocks.StoreFullException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.ReadOnlyFileSystemException;
import org.junit.jupiter.api.Test;

/**
 * The one error-to-message mapping: machine failures (full disk, read-only file system) and missing blocks are
 * user errors with a readable line; anything unexpected is a bug ({@code null}: exit 2 with a stack trace).
 */
class CairnMainTest {
    private static final Cid CID = Cid.parse("QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH");

    @Test
    void missingBlocksReadTheSameWhereverTheyComeFrom() {
        assertEquals("block not found locally: " + CID, CairnMain.userMessage(new BlockNotFoundException(CID)));
        assertEquals("block not found locally: " + CID, CairnMain.userMessage(new MissingBlockException(CID)));
        assertEquals("block not found locally: " + CID,
                CairnMain.userMessage(new UncheckedIOException(new MissingBlockException(CID))));
    }

    @Test
    void machineFailuresAreOneReadableLine() {
        StoreFullException full = new StoreFullException("no space left on device while writing blocks", null);
        assertEquals("no space left on device while writing blocks", CairnMain.userMessage(full));
        assertEquals("/r/repo.lock: Read-only file system",
                CairnMain.userMessage(new FileSystemException("/r/repo.lock", null, "Read-only file system")));
        assertEquals("read-only file system", CairnMain.userMessage(new ReadOnlyFileSystemException()));
        assertEquals("java.io.IOException", CairnMain.userMessage(new IOException()));
    }

    @Test
    void bugsAreNotUserErrors() {
        assertNull(CairnMain.userMessage(new NullPointerException("x")));
        assertNull(CairnMain.userMessage(new IllegalStateException("x")));
    }
}
