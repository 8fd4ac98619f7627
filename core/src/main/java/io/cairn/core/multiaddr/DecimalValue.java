package io.cairn.core.multiaddr;

/**
 * An unsigned big-endian integer of one or two bytes written in canonical decimal (no sign, no leading zeros), for
 * ports ({@code tcp}, {@code udp}, ...) and the {@code ipcidr} prefix length.
 */
final class DecimalValue implements ValueCodec {
    private final int bytes;
    private final int max;
    private final String what;

    DecimalValue(int bytes, String what) {
        this.bytes = bytes;
        this.max = (1 << (8 * bytes)) - 1;
        this.what = what;
    }

    @Override
    public byte[] parse(String text) {
        int n = text.length();
        boolean canonical = n > 0 && n <= 5 && (n == 1 || text.charAt(0) != '0');
        int value = 0;
        for (int i = 0; canonical && i < n; i++) {
            char c = text.charAt(i);
            canonical = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        if (!canonical || value > max) {
            throw new MultiaddrFormatException("invalid " + what + " " + MultiaddrFormatException.quote(text));
        }
        byte[] out = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    @Override
    public String format(byte[] value) {
        int v = 0;
        for (byte b : value) {
            v = (v << 8) | (b & 0xFF);
        }
        return Integer.toString(v);
    }
}
