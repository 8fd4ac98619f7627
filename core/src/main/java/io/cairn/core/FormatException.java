package io.cairn.core;

/**
 * Root of the typed errors raised for malformed input: every parser in Cairn throws exactly one subclass of this
 * type and nothing else, so each front end (CLI, gateway, RPC) maps "bad input" to its answer in one place.
 */
public abstract class FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected FormatException(String message) {
        super(message);
    }

    protected FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
