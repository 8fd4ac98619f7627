package io.cairn.core.multiaddr;

/**
 * A UTF-8 name ({@code dns*}, {@code sni}, {@code ip6zone}): non-empty and without {@code '/'}, which would end the
 * component in the text form. Names are carried as given and never resolved.
 */
final class NameValue implements ValueCodec {
    private final String what;

    NameValue(String what) {
        this.what = what;
    }

    @Override
    public byte[] parse(String text) {
        check(text);
        return StrictUtf8.encode(text, what);
    }

    @Override
    public String format(byte[] value) {
        String text = StrictUtf8.decode(value, what);
        check(text);
        return text;
    }

    private void check(String text) {
        if (text.isEmpty()) {
            throw new MultiaddrFormatException("empty " + what);
        }
        if (text.indexOf('/') >= 0) {
            throw new MultiaddrFormatException(what + " contains '/': " + MultiaddrFormatException.quote(text));
        }
    }
}
