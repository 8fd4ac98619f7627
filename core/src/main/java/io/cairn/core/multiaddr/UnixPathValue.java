package io.cairn.core.multiaddr;

/**
 * A {@code unix} socket path. It is a path protocol: in the text form it takes the rest of the multiaddr, so it must
 * be the last component. The value is the absolute path itself, starting with {@code '/'} and not ending with one
 * (go-multiaddr's rules), and {@code /unix/tmp/p2p.sock} carries the bytes {@code /tmp/p2p.sock}.
 */
final class UnixPathValue implements ValueCodec {
    @Override
    public byte[] parse(String text) {
        check(text);
        return StrictUtf8.encode(text, "unix path");
    }

    @Override
    public String format(byte[] value) {
        String text = StrictUtf8.decode(value, "unix path");
        check(text);
        return text;
    }

    private static void check(String path) {
        if (path.length() < 2 || path.charAt(0) != '/' || path.charAt(path.length() - 1) == '/') {
            throw new MultiaddrFormatException("invalid unix path " + MultiaddrFormatException.quote(path)
                    + ": it must start and must not end with '/'");
        }
    }
}
