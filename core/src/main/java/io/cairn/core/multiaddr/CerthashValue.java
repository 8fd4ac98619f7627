package io.cairn.core.multiaddr;

import io.cairn.core.multiformats.Multibase;
import io.cairn.core.multiformats.MultibaseFormatException;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.MultihashFormatException;

/**
 * A {@code certhash}: the bytes are a multihash of a TLS certificate (any hash code); the text is that multihash in
 * any supported multibase and prints as base64url ({@code uEi...}), as go-multiaddr and js-multiaddr print it.
 * Lengths are capped well above any real certificate hash, because base58/base36 text decodes in quadratic time.
 */
final class CerthashValue implements ValueCodec {
    static final int MAX_TEXT = 1024;
    /** Its base64url form (under 700 characters) stays within {@link #MAX_TEXT}, so every accepted value prints. */
    static final int MAX_BYTES = 512;

    @Override
    public byte[] parse(String text) {
        if (text.length() > MAX_TEXT) {
            throw new MultiaddrFormatException("certhash text of " + text.length() + " characters exceeds "
                    + MAX_TEXT);
        }
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
        if (value.length > MAX_BYTES) {
            throw new MultiaddrFormatException("certhash of " + value.length + " bytes exceeds " + MAX_BYTES);
        }
        try {
            Multihash.fromBytes(value);
        } catch (MultihashFormatException e) {
            throw new MultiaddrFormatException("certhash is not a multihash: " + e.getMessage(), e);
        }
    }
}
