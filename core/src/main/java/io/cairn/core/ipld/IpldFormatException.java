package io.cairn.core.ipld;

import io.cairn.core.FormatException;

/**
 * A block whose links cannot be read: malformed for its codec (dag-pb, dag-cbor, dag-json), or of a codec Cairn
 * cannot read links from ({@link UnsupportedCodecException}). The only exception {@link Links} throws.
 */
public class IpldFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public IpldFormatException(String message) {
        super(message);
    }

    public IpldFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
