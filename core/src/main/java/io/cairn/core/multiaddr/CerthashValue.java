package io.cairn.core.multiaddr;

import io.cairn.core.multiformats.Multibase;
import io.cairn.core.multiformats.MultibaseFormatException;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.MultihashFormatException;

/**
 * A {@code certhash}: the bytes are a multihash of a TLS certificate (any hash code); the text is that multihash in
 * any supported multibase and prints as base64url ({@code uEi...}), as go-multiaddr and js-multiaddr print it.
 */
final class CerthashValue implements ValueCodec {
    @Override
    public byte[] parse(String text) {
        byte[] bytes;
        try {
            bytes = Multibase.decode(text);
        } catch (MultibaseFormatException e) {
            throw new MultiaddrFormatException("invalid certhash " + MultiaddrFormatException.quote(text) + ": "
                    + e.getMessage(), e);
        }
        check(bytes);
        return bytes;
    }

    @Override
    public String format(byte[] value) {
        check(value);
        return Multibase.BASE64_URL.encode(value);
    }

    private static void check(byte[] value) {
        try {
            Multihash.fromBytes(value);
        } catch (MultihashFormatException e) {
            throw new MultiaddrFormatException("certhash is not a multihash: " + e.getMessage(), e);
        }
    }
}
