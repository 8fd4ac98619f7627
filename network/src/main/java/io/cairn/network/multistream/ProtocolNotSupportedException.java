package io.cairn.network.multistream;

import java.io.IOException;
import java.util.List;

/** The remote answered {@code na} to every protocol we proposed. Not malformed input: the peer just lacks them. */
public final class ProtocolNotSupportedException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolNotSupportedException(List<String> proposed) {
        super("peer supports none of " + proposed);
    }
}
