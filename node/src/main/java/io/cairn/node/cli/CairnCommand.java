package io.cairn.node.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code cairn} command: only dispatches to subcommands, and carries the run's {@link Invocation}. */
@Command(name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Cairn: an IPFS-compatible, content-addressed storage engine.")
final class CairnCommand implements Runnable {
    /**
     * The subcommands, by name, in the order usage lists them. Registered by {@link CairnMain#commandLine}: all of
     * them for usage, help and errors, only the one named for any other run, because picocli builds the model of
     * every registered command by reflection up front (about 0.1 s of each command's start-up for the whole tree).
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(InitCommand.class, ConfigCommand.class,
            AddCommand.class, CatCommand.class, GetCommand.class, LsCommand.class, PinCommand.class,
            RepoCommand.class, DagCommand.class, BlockCommand.class, IdCommand.class, DaemonCommand.class,
            SwarmCommand.class, RoutingCommand.class, ProvideCommand.class, HelpCommand.class);

    private static Map<String, Class<?>> subcommands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return Collections.unmodifiableMap(byName);
    }

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
