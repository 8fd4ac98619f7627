package io.cairn.core.multiaddr;

import io.cairn.core.FormatException;

/** Text or bytes that are not a valid multiaddr, or a component value its protocol does not accept. */
public final class MultiaddrFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public MultiaddrFormatException(String message) {
        super(message);
    }

    public MultiaddrFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code text} in quotes, shortened so that a hostile input cannot make the message huge. */
    static String quote(String text) {
        return "'" + (text.length() <= 80 ? text : text.substring(0, 77) + "...") + "'";
    }
}
