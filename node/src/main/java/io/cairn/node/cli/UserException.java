package io.cairn.node.cli;

/** A problem with what the user asked for, reported as one line and exit code 1. */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }
}
