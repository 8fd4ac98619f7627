package io.cairn.node.cli;

import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn block stat}: {@code Key: <cid>} and {@code Size: <bytes>}, as Kubo's {@code ipfs block stat}. */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = "Print information of a raw block (Kubo's `ipfs block stat`).")
final class BlockStatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "CID", description = "The CID of an existing block (or a content path to one).")
    String cid;

    @Override
    public Integer call() throws IOException {
        ContentPath p = ContentPath.parse(cid);
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.blockStat(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        Cid target;
        long size;
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            target = p.resolve(repo.reader());
            size = repo.blockStore().size(target.multihash());
        }
        if (size < 0) {
            throw new BlockNotFoundException(target);
        }
        PrintWriter out = io.out();
        out.println("Key: " + target);
        out.println("Size: " + size);
        out.flush();
        return CairnMain.EXIT_OK;
    }
}
