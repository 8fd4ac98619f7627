package io.cairn.node.cli;

import picocli.CommandLine.Command;

/** The root {@code cairn} command: only dispatches to subcommands. */
@Command(name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Cairn: an IPFS-compatible, content-addressed storage engine.",
        subcommands = {AddCommand.class, InitCommand.class, ConfigCommand.class,
                picocli.CommandLine.HelpCommand.class})
final class CairnCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
