package io.cairn.node.cli;

import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.car.CarWriter;
import io.cairn.core.ipld.DagTraversal;
import io.cairn.core.multiformats.Cid;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn dag export}: the DAG under a CID as a CARv1 on stdout, rooted at it, each block once, in depth-first
 * order (parents before children, children in link order), as Kubo's {@code ipfs dag export} writes it. Links are
 * followed in dag-pb, dag-cbor and dag-json ({@code DagTraversal}); a block of a codec whose links Cairn cannot read
 * fails the command, as it fails Kubo's. The root must be stored before anything is written; a block missing
 * further down fails the command after a partial CAR.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stream the DAG under PATH as a CARv1 on stdout (Kubo's `ipfs dag export`).",
                "Example: cairn dag export CID > file.car"})
final class DagExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "PATH", description = "CID[/path], /ipfs/CID[/path] or ipfs://CID.")
    String path;

    @Option(names = {"-p", "--progress"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Accepted for Kubo compatibility; no progress is drawn.")
    boolean progress;

    @Override
    public Integer call() throws IOException {
        ContentPath p = ContentPath.parse(path);
        Invocation io = CairnCommand.invocation(spec);
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            Cid root = p.resolve(repo.reader());
            if (!repo.blockStore().has(root.multihash())) {
                throw new BlockNotFoundException(root);
            }
            OutputStream stdout = io.stdout();
            // The CAR writer closes what it writes to; stdout must stay open for whoever runs us.
            try (CarWriter car = new CarWriter(new FilterOutputStream(stdout) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            }, List.of(root))) {
                DagTraversal.walk(repo.source(), root, car::write);
            }
            stdout.flush();
        }
        return CairnMain.EXIT_OK;
    }
}
