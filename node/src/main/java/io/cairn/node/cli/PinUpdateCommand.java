package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn pin update}: moves a recursive pin from OLD to NEW touching only the blocks where the two DAGs
 * differ, and prints {@code updated <old> to <new>} as Kubo does.
 */
@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Update a recursive pin (Kubo's `ipfs pin update`).",
                "Pins NEW, walking only what differs from OLD, which must be pinned recursively."})
final class PinUpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(index = "0", paramLabel = "OLD", description = "Path to the old, recursively pinned object.")
    String from;

    @Parameters(index = "1", paramLabel = "NEW", description = "Path to the new object to be pinned.")
    String to;

    @Option(names = "--unpin", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Remove the old pin. Default: true.")
    boolean unpin = true;

    @Override
    public Integer call() throws IOException {
        ContentPath fromPath = ContentPath.parse(from);
        ContentPath toPath = ContentPath.parse(to);
        Invocation io = CairnCommand.invocation(spec);
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.pinUpdate(this, api.get(), io);
        }
        Cid old;
        Cid updated;
        try (RepoHandle repo = RepoHandle.open(io, repoOption)) {
            old = fromPath.resolve(repo.reader());
            updated = toPath.resolve(repo.reader());
            repo.store().pins().update(old, updated, unpin);
        }
        PrintWriter out = io.out();
        out.println("updated " + old + " to " + updated);
        out.flush();
        return CairnMain.EXIT_OK;
    }
}
