package io.cairn.node.cli;

/**
 * The process {@link CrashIT} kills: {@code cairn} itself, after a marker line on stderr that tells the parent the
 * JVM is up, so the random kill delay is measured from the start of the command rather than from JVM startup.
 */
final class CrashChild {
    static final String MARKER = "cairn-crash-child: starting";

    private CrashChild() {}

    public static void main(String[] args) {
        System.err.println(MARKER);
        System.err.flush();
        CairnMain.main(args);
    }
}
