package io.cairn.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn block}: only dispatches to its subcommands. */
@Command(name = "block", mixinStandardHelpOptions = true,
        description = "Interact with raw blocks (Kubo's `ipfs block`).",
        subcommands = {BlockGetCommand.class, BlockPutCommand.class, BlockStatCommand.class, BlockRmCommand.class})
final class BlockCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
