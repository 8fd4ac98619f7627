package io.cairn.core.multiformats;

import io.cairn.core.FormatException;

/** Text that is not valid in the multibase encoding its prefix names, or whose prefix names no supported base. */
public final class MultibaseFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public MultibaseFormatException(String message) {
        super(message);
    }
}
