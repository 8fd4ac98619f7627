package io.cairn.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn dag}: only dispatches to its subcommands. */
@Command(name = "dag", mixinStandardHelpOptions = true,
        description = "Interact with IPLD DAGs: CAR export and import (Kubo's `ipfs dag`).",
        subcommands = {DagExportCommand.class, DagImportCommand.class})
final class DagCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
