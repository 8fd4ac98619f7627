package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn get}: writes a file, directory tree or symlink to disk, as Kubo's {@code ipfs get} does: the output
 * defaults to the last element of the argument in the current directory, and {@code Saving file(s) to <out>} is
 * printed first. See {@link TreeExtractor} for what is refused.
 */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Download IPFS objects: write the file or directory at PATH to disk (Kubo's `ipfs get`).",
                "By default the output is ./<last element of PATH>."})
final class GetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "PATH", description = "CID[/path], /ipfs/CID[/path] or ipfs://CID.")
    String path;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "The path where the output is stored.")
    String output;

    @Override
    public Integer call() throws IOException {
        ContentPath p = ContentPath.parse(path);
        Path out;
        try {
            out = Path.of(output != null && !output.isEmpty() ? output : p.lastName()).normalize();
        } catch (InvalidPathException e) {
            throw new UserException("invalid output path \"" + output + "\": " + e.getReason());
        }
        Invocation io = CairnCommand.invocation(spec);
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            Cid cid = p.resolve(repo.reader());
            PrintWriter text = io.out();
            text.println("Saving file(s) to " + out);
            text.flush();
            new TreeExtractor(repo.streamingReader()).extract(cid, p.lastName(), out);
        }
        return CairnMain.EXIT_OK;
    }
}
