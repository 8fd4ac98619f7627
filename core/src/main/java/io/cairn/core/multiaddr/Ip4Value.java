package io.cairn.core.multiaddr;

/**
 * IPv4 addresses in strict dotted-decimal: exactly four decimal octets, no leading zeros (so {@code 01.2.3.4}, which
 * some parsers read as octal, and the shortened {@code 1.2.3} are both rejected). Never resolves a name.
 */
final class Ip4Value implements ValueCodec {
    @Override
    public byte[] parse(String text) {
        byte[] out = new byte[4];
        if (!parseInto(text, out, 0)) {
            throw new MultiaddrFormatException("invalid ip4 address " + MultiaddrFormatException.quote(text));
        }
        return out;
    }

    @Override
    public String format(byte[] value) {
        return format(value, 0);
    }

    static String format(byte[] b, int offset) {
        return (b[offset] & 0xFF) + "." + (b[offset + 1] & 0xFF) + "." + (b[offset + 2] & 0xFF) + "."
                + (b[offset + 3] & 0xFF);
    }

    /** Parses strict dotted-decimal into {@code out[offset..offset+4)}; false when {@code text} is not one. */
    static boolean parseInto(String text, byte[] out, int offset) {
        int part = 0;
        int i = 0;
        int n = text.length();
        while (true) {
            int start = i;
            int value = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
            out[offset + part] = (byte) value;
            part++;
            if (part == 4) {
                return i == n;
            }
            if (i >= n || text.charAt(i) != '.') {
                return false;
            }
            i++;
        }
    }
}
