package io.cairn.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code cairn} command: only dispatches to subcommands, and carries the run's {@link Invocation}. */
@Command(name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Cairn: an IPFS-compatible, content-addressed storage engine.",
        subcommands = {InitCommand.class, ConfigCommand.class, AddCommand.class, CatCommand.class, GetCommand.class,
                LsCommand.class, PinCommand.class, RepoCommand.class, DagCommand.class, BlockCommand.class,
                IdCommand.class, DaemonCommand.class, SwarmCommand.class, RoutingCommand.class, ProvideCommand.class,
                picocli.CommandLine.HelpCommand.class})
final class CairnCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final Invocation invocation;

    CairnCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    /** The invocation of the run that {@code spec} (any command's) belongs to. */
    static Invocation invocation(CommandSpec spec) {
        return ((CairnCommand) spec.root().userObject()).invocation;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
