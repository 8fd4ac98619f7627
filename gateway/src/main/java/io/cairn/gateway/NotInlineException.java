package io.cairn.gateway;

/**
 * A request the event loop started cannot be finished there: a block it needs is not held locally, or its body is
 * too large. It never reaches a client: the request is handed to a worker, which starts it over. One shared
 * instance without a stack trace, since it is control flow (and may be thrown once per large-file request).
 */
final class NotInlineException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NotInlineException INSTANCE = new NotInlineException();

    private NotInlineException() {
        super("not served on the event loop", null, false, false);
    }

    /** Whether {@code t} or one of its causes (a future's wrapping) is this. */
    static boolean isIn(Throwable t) {
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (t instanceof NotInlineException) {
                return true;
            }
        }
        return false;
    }
}
