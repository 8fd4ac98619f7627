package io.cairn.core.reader;

import io.cairn.core.multiformats.Cid;

/** A path segment names no entry of the directory it was looked up in. */
public final class NoSuchPathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoSuchPathException(Cid directory, String segment) {
        super("no link named \"" + segment + "\" under " + directory);
    }

    public NoSuchPathException(String message) {
        super(message);
    }
}
