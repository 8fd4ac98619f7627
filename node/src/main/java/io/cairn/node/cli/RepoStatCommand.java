package io.cairn.node.cli;

import io.cairn.storage.rocks.StoreStat;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn repo stat}: Kubo's layout ({@code core/commands/repo.go}), aligned as Go's tabwriter does:
 * NumObjects, RepoSize, StorageMax, RepoPath, Version. RepoSize is the stored blocks' bytes, read from the store's
 * counters in constant time (Kubo's is the datastore's disk usage). {@code --human} writes sizes as go-humanize
 * does ("1.2 MB").
 */
@Command(name = "stat", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Get stats for the currently used repo (Kubo's `ipfs repo stat`).")
final class RepoStatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = {"-s", "--size-only"}, description = "Only report RepoSize and StorageMax.")
    boolean sizeOnly;

    @Option(names = {"-H", "--human"}, description = "Print sizes in human readable format (e.g., 1K 234M 2G).")
    boolean human;

    @Override
    public Integer call() throws IOException {
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.repoStat(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        TextTable table = new TextTable(0, 1);
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            StoreStat stat = repo.store().stat();
            if (!sizeOnly) {
                table.row("NumObjects:", stat.objects());
            }
            table.row("RepoSize:", size(stat.bytes()));
            table.row("StorageMax:", size(stat.storageMax()));
            if (!sizeOnly) {
                table.row("RepoPath:", repo.path());
                table.row("Version:", repo.version());
            }
        }
        PrintWriter out = io.out();
        table.printTo(out);
        out.flush();
        return CairnMain.EXIT_OK;
    }

    private String size(long bytes) {
        return human ? HumanBytes.format(bytes) : Long.toString(bytes);
    }
}
