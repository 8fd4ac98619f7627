package io.cairn.node.daemon;

/** The config asks the daemon for something it cannot do (a listen address it cannot use). */
public final class DaemonConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DaemonConfigException(String message) {
        super(message);
    }
}
