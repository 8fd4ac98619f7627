package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn repo gc}: deletes every stored block that no pin keeps, printing {@code removed <cid>} per block as
 * Kubo does (the raw CIDv1 of the block's multihash: the store, like Kubo's, is keyed by multihash), the CIDs alone
 * with {@code -q}, nothing with {@code --silent}. Its cost follows the garbage, not the repository's size.
 */
@Command(name = "gc", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Perform a garbage collection sweep on the repo (Kubo's `ipfs repo gc`).")
final class RepoGcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = {"-q", "--quiet"}, description = "Write minimal output.")
    boolean quiet;

    @Option(names = "--silent", description = "Write no output.")
    boolean silent;

    @Option(names = "--stream-errors", description = "Accepted for Kubo compatibility.")
    boolean streamErrors;

    @Override
    public Integer call() throws IOException {
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.repoGc(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        PrintWriter out = io.out();
        try (RepoHandle repo = RepoHandle.open(io, repoOption)) {
            repo.collectGarbage(removed -> {
                if (!silent) {
                    out.println((quiet ? "" : "removed ") + Cid.v1(Multicodec.RAW, removed));
                }
            });
        }
        out.flush();
        return CairnMain.EXIT_OK;
    }
}
