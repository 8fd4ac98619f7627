package io.cairn.node.cli;

import io.cairn.core.block.Block;
import io.cairn.core.car.CarFormatException;
import io.cairn.core.car.CarReader;
import io.cairn.core.ipld.IpldFormatException;
import io.cairn.core.ipld.Links;
import io.cairn.core.multiformats.Cid;
import io.cairn.storage.rocks.AddSession;
import io.cairn.storage.rocks.PinMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn dag import}: stores every block of the given CARs (v1 or v2; stdin without files), each verified
 * against its CID, then pins every root named in their headers recursively and prints Kubo's
 * {@code Pinned root\t<cid>\tsuccess} per root.
 *
 * <p>Unlike Kubo, whose import is not a transaction, all files go through one {@link AddSession}: a truncated or
 * malformed CAR, or a root whose DAG is incomplete, fails the command with nothing pinned (the blocks written are
 * left to the next {@code repo gc}). As in Kubo, roots are pinned only after every file was read, so a DAG may span
 * several files, and a block over 2 MiB is refused unless {@code --allow-big-block}.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import the contents of .car files (Kubo's `ipfs dag import`).",
                "Reads standard input when no FILE is given."})
final class DagImportCommand implements Callable<Integer> {
    /** Kubo's {@code cmdutils.SoftBlockLimit}: the largest block Bitswap moves. */
    static final int SOFT_BLOCK_LIMIT = 2 * 1024 * 1024;
    /** Section limit with {@code --allow-big-block}; the reader grows its buffer only as bytes arrive. */
    private static final int BIG_SECTION_LIMIT = 256 << 20;

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "CAR files to import.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--pin-roots", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Pin the roots listed in the .car headers after importing. Default: true.")
    boolean pinRoots = true;

    @Option(names = "--silent", description = "No output.")
    boolean silent;

    @Option(names = "--stats", description = "Output stats.")
    boolean stats;

    @Option(names = "--allow-big-block", description = "Allow blocks bigger than 2MiB (Bitswap cannot move them).")
    boolean allowBigBlock;

    private long blockCount;
    private long blockBytes;

    @Override
    public Integer call() throws IOException {
        for (Path f : files) {
            if (!Files.isReadable(f) || Files.isDirectory(f)) {
                throw new UserException("cannot read CAR file " + f);
            }
        }
        Invocation io = CairnCommand.invocation(spec);
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.dagImport(this, api.get(), io);
        }
        Set<Cid> roots = new LinkedHashSet<>();
        try (RepoHandle repo = RepoHandle.open(io, repoOption); AddSession session = repo.store().beginAdd()) {
            if (files.isEmpty()) {
                importCar(io.stdin().get(), "standard input", session, roots);
            } else {
                for (Path f : files) {
                    importCar(Files.newInputStream(f), f.toString(), session, roots);
                }
            }
            repo.commit(session, pinRoots ? new ArrayList<>(roots) : List.of(), PinMode.RECURSIVE, null);
        }
        PrintWriter out = io.out();
        if (!silent) {
            if (pinRoots) {
                for (Cid root : roots) {
                    out.println("Pinned root\t" + root + "\tsuccess");
                }
            }
            if (stats) {
                out.println("Imported " + blockCount + " blocks (" + blockBytes + " bytes)");
            }
        }
        out.flush();
        return CairnMain.EXIT_OK;
    }

    /** Streams one CAR into the session; {@code in} is closed. Errors name the last good block, as Kubo's do. */
    private void importCar(InputStream in, String name, AddSession session, Set<Cid> roots) throws IOException {
        CarReader.Options options = allowBigBlock ? CarReader.Options.DEFAULT.withMaxSectionSize(BIG_SECTION_LIMIT)
                : CarReader.Options.DEFAULT;
        Cid previous = null;
        try (CarReader car = CarReader.open(in, options)) {
            roots.addAll(car.roots());
            for (Block block = car.next(); block != null; block = car.next()) {
                if (!allowBigBlock && block.size() > SOFT_BLOCK_LIMIT) {
                    throw new UserException(name + ": import failed at block \"" + block.cid() + "\": block is "
                            + "over 2MiB: big blocks can't be exchanged with other peers; pass --allow-big-block "
                            + "to import it anyway");
                }
                if (Links.mayHaveLinks(block.cid().codec())) {
                    try {
                        Links.of(block.cid(), block.data());    // a malformed node fails here, not at the pin
                    } catch (IpldFormatException e) {
                        throw new UserException(name + ": import failed at block \"" + block.cid() + "\": "
                                + e.getMessage());
                    }
                }
                session.put(block);
                blockCount++;
                blockBytes += block.size();
                previous = block.cid();
            }
        } catch (CarFormatException e) {
            String where = previous == null ? "" : " after block \"" + previous + "\"";
            throw new CarFormatException(name + ": import failed" + where + ": " + e.getMessage(), e);
        }
    }
}
