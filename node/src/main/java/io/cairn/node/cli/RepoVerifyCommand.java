package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cairn repo verify}: re-hashes every stored block. Each corrupt one is named on stdout in Kubo's words,
 * {@code block <cid> was corrupt (<reason>)}, with the raw CIDv1 of its multihash (the store is keyed by multihash,
 * as Kubo's is, and Kubo names keys that way); then the command fails with
 * {@code verify complete, <n> blocks corrupt}. A sound repository prints
 * {@code verify complete, all blocks validated.}
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify all blocks in repo are not corrupted (Kubo's `ipfs repo verify`).")
final class RepoVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Override
    public Integer call() throws IOException {
        Invocation io = CairnCommand.invocation(spec);
        PrintWriter out = io.out();
        List<Multihash> corrupt;
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            corrupt = repo.store().verify();
        }
        for (Multihash mh : corrupt) {
            out.println("block " + Cid.v1(Multicodec.RAW, mh)
                    + " was corrupt (block in storage has different hash than requested)");
        }
        out.flush();
        if (!corrupt.isEmpty()) {
            throw new UserException("verify complete, " + corrupt.size() + " blocks corrupt");
        }
        out.println("verify complete, all blocks validated.");
        out.flush();
        return CairnMain.EXIT_OK;
    }
}
