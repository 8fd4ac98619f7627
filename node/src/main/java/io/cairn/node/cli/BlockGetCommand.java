package io.cairn.node.cli;

import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn block get}: a stored block's bytes, unchanged, on stdout (Kubo's {@code ipfs block get}). */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Get a raw block: write its bytes to stdout (Kubo's `ipfs block get`).")
final class BlockGetCommand implements Callable<Integer> {
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
            return RemoteCommands.blockGet(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            Cid target = p.resolve(repo.reader());
            byte[] data = repo.blockStore().get(target.multihash())
                    .orElseThrow(() -> new BlockNotFoundException(target));
            OutputStream out = io.stdout();
            out.write(data);
            out.flush();
        }
        return CairnMain.EXIT_OK;
    }
}
