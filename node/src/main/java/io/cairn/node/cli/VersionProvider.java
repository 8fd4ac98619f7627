package io.cairn.node.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven stamped into the jar manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = CairnMain.class.getPackage().getImplementationVersion();
        return new String[] {"cairn " + (v != null ? v : "(development build)")};
    }
}
