package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn pin rm}: removes each path's own pin and prints {@code unpinned <cid>} for all of them once every
 * removal succeeded, as Kubo does. The blocks stay until {@code repo gc}.
 */
@Command(name = "rm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Remove object from pin-list (Kubo's `ipfs pin rm`).")
final class PinRmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "CIDs or content paths to unpin.")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-r", "--recursive"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Recursively unpin the object linked to by the specified object(s). Default: true.")
    boolean recursive = true;

    @Override
    public Integer call() throws IOException {
        List<ContentPath> parsed = new ArrayList<>();
        for (String p : paths) {
            parsed.add(ContentPath.parse(p));
        }
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.pinRm(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        List<Cid> unpinned = new ArrayList<>();
        try (RepoHandle repo = RepoHandle.open(io, repoOption)) {
            for (ContentPath p : parsed) {
                Cid cid = p.resolve(repo.reader());
                repo.store().pins().remove(cid, recursive);
                unpinned.add(cid);
            }
        }
        PrintWriter out = io.out();
        for (Cid cid : unpinned) {
            out.println("unpinned " + cid);
        }
        out.flush();
        return CairnMain.EXIT_OK;
    }
}
