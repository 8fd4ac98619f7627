package io.cairn.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn pin}: only dispatches to its subcommands. */
@Command(name = "pin", mixinStandardHelpOptions = true,
        description = "Pin (and unpin) objects to local storage (Kubo's `ipfs pin`).",
        subcommands = {PinAddCommand.class, PinLsCommand.class, PinRmCommand.class, PinUpdateCommand.class,
                PinVerifyCommand.class})
final class PinCommand implements Runnable {
    /** Kubo's {@code cmdutils.MaxPinNameBytes}. */
    static final int MAX_NAME_BYTES = 255;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Kubo's {@code cmdutils.ValidatePinName}. */
    static void checkName(String name) {
        if (name == null) {
            return;
        }
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new UserException("pin name is " + bytes + " bytes (max " + MAX_NAME_BYTES + " bytes)");
        }
    }
}
