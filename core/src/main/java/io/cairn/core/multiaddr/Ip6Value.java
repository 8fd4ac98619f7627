package io.cairn.core.multiaddr;

/**
 * IPv6 addresses. Parsing accepts the RFC 4291 text forms (hex groups of one to four digits, at most one {@code ::}
 * standing for at least one zero group, and an optional dotted IPv4 tail), with no zone ({@code ip6zone} carries it)
 * and no IPv4-only text. Printing is RFC 5952's canonical form: lower case, no leading zeros, the longest run of two
 * or more zero groups (the first one on a tie) shortened to {@code ::}, and IPv4-mapped addresses written
 * {@code ::ffff:a.b.c.d} (section 5), as go-multiaddr prints them.
 */
final class Ip6Value implements ValueCodec {
    /** The longest valid text, {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
    private static final int MAX_TEXT = 45;

    @Override
    public byte[] parse(String text) {
        byte[] out = parseOrNull(text);
        if (out == null) {
            throw new MultiaddrFormatException("invalid ip6 address " + MultiaddrFormatException.quote(text));
        }
        return out;
    }

    private static byte[] parseOrNull(String text) {
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            return null;
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        byte[] head = new byte[16];
        byte[] tail = new byte[16];
        int headLen;
        int tailLen = 0;
        if (gap < 0) {
            headLen = groups(text, head, true);
            return headLen == 16 ? head : null;
        }
        headLen = groups(text.substring(0, gap), head, false);
        tailLen = groups(text.substring(gap + 2), tail, true);
        // "::" must stand for at least one zero group.
        if (headLen < 0 || tailLen < 0 || headLen + tailLen > 14) {
            return null;
        }
        byte[] out = new byte[16];
        System.arraycopy(head, 0, out, 0, headLen);
        System.arraycopy(tail, 0, out, 16 - tailLen, tailLen);
        return out;
    }

    /**
     * Parses colon-separated hex groups (and, where {@code ipv4Tail}, a final dotted IPv4 part) into {@code out};
     * returns the number of bytes written, or -1 when the text is malformed. An empty string is zero groups.
     */
    private static int groups(String s, byte[] out, boolean ipv4Tail) {
        if (s.isEmpty()) {
            return 0;
        }
        int o = 0;
        int i = 0;
        int n = s.length();
        while (true) {
            int end = s.indexOf(':', i);
            String group = s.substring(i, end < 0 ? n : end);
            if (end < 0 && ipv4Tail && group.indexOf('.') >= 0) {
                if (o > 12 || !Ip4Value.parseInto(group, out, o)) {
                    return -1;
                }
                return o + 4;
            }
            int value = hexGroup(group);
            if (value < 0 || o >= 16) {
                return -1;
            }
            out[o++] = (byte) (value >>> 8);
            out[o++] = (byte) value;
            if (end < 0) {
                return o;
            }
            i = end + 1;
        }
    }

    private static int hexGroup(String g) {
        if (g.isEmpty() || g.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < g.length(); i++) {
            int d = Character.digit(g.charAt(i), 16);
            if (d < 0 || g.charAt(i) > 'f') {
                return -1;
            }
            value = (value << 4) | d;
        }
        return value;
    }

    @Override
    public String format(byte[] b) {
        if (isV4Mapped(b)) {
            return "::ffff:" + Ip4Value.format(b, 12);
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }
}
