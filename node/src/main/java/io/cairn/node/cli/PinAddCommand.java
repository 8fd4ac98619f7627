package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import io.cairn.storage.rocks.PinMode;
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
 * {@code cairn pin add}: pins each path's CID, recursively unless {@code -r=false}, then prints Kubo's lines
 * ({@code pinned <cid> recursively} or {@code directly}). Offline: a recursive pin needs its whole DAG stored.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pin objects to local storage (Kubo's `ipfs pin add`).")
final class PinAddCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "CIDs or content paths to pin.")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-r", "--recursive"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Recursively pin the object linked to by the specified object(s). Default: true.")
    boolean recursive = true;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "An optional name for created pin(s).")
    String name;

    @Option(names = "--progress", description = "Accepted for Kubo compatibility; pinning is local and quick.")
    boolean progress;

    @Override
    public Integer call() throws IOException {
        PinCommand.checkName(name);
        List<ContentPath> parsed = new ArrayList<>();
        for (String p : paths) {
            parsed.add(ContentPath.parse(p));
        }
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.pinAdd(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        List<Cid> pinned = new ArrayList<>();
        try (RepoHandle repo = RepoHandle.open(io, repoOption)) {
            for (ContentPath p : parsed) {
                Cid cid = p.resolve(repo.reader());
                repo.store().pins().add(cid, recursive ? PinMode.RECURSIVE : PinMode.DIRECT, name);
                pinned.add(cid);
            }
        }
        PrintWriter out = io.out();
        for (Cid cid : pinned) {
            out.println("pinned " + cid + (recursive ? " recursively" : " directly"));
        }
        out.flush();
        return CairnMain.EXIT_OK;
    }
}
