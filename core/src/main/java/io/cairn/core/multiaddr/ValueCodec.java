package io.cairn.core.multiaddr;

/**
 * Converts one protocol's component value between its text form and its binary form. Both directions validate:
 * whatever {@link #parse} returns, {@link #format} accepts, and {@code parse(format(b))} returns {@code b} for every
 * {@code b} that {@link #format} accepts, so that a multiaddr round-trips through either form.
 */
interface ValueCodec {
    /** The binary value for {@code text}; throws {@link MultiaddrFormatException} when the text is not valid. */
    byte[] parse(String text);

    /** The text for {@code value}; throws {@link MultiaddrFormatException} when the bytes are not valid. */
    String format(byte[] value);
}
