package io.cairn.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn repo}: only dispatches to its subcommands. */
@Command(name = "repo", mixinStandardHelpOptions = true,
        description = "Manipulate the repository (Kubo's `ipfs repo`).",
        subcommands = {RepoGcCommand.class, RepoStatCommand.class, RepoVerifyCommand.class})
final class RepoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
