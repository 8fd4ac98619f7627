package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.multiformats.Cid;
import io.cairn.storage.rocks.MissingBlockException;
import io.cairn.storage.rocks.StoreFullException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Map;
import java.util.Set;
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

    /**
     * A run registers only the subcommand it names (picocli models every registered command up front), and that
     * changes nothing a user sees: each subcommand's help, through the tree of one and through the whole tree.
     */
    @Test
    void aRunBuildsOnlyTheCommandItNamesAndItsHelpIsUnchanged() {
        assertEquals(Set.of("cat"), CairnMain.commandLine(invocation(), new String[] {"cat", "x"})
                .getSubcommands().keySet());
        assertEquals(CairnCommand.SUBCOMMANDS.keySet(), CairnMain.commandLine(invocation(), new String[] {"ct"})
                .getSubcommands().keySet());
        assertEquals(16, CairnMain.commandLine(invocation(), new String[0]).getSubcommands().size());
        for (String name : CairnCommand.SUBCOMMANDS.keySet()) {
            StringWriter lazy = new StringWriter();
            StringWriter whole = new StringWriter();
            CairnMain.commandLine(invocation(), new String[] {name}).getSubcommands().get(name)
                    .usage(new PrintWriter(lazy));
            CairnMain.commandLine(invocation()).getSubcommands().get(name).usage(new PrintWriter(whole));
            assertEquals(whole.toString(), lazy.toString(), name);
            assertTrue(lazy.toString().contains("Usage: cairn " + name), lazy.toString());
        }
    }

    private static Invocation invocation() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new Invocation(OutputStream.nullOutputStream(), sink, sink, () -> InputStream.nullInputStream(),
                Map.of(), false);
    }

    @Test
    void bugsAreNotUserErrors() {
        assertNull(CairnMain.userMessage(new NullPointerException("x")));
        assertNull(CairnMain.userMessage(new IllegalStateException("x")));
    }
}
