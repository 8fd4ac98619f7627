package io.cairn.gateway;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition} values as path-gateway.md words them: an ASCII {@code filename} with every non-ASCII
 * code point replaced by {@code _}, plus an RFC 8187 {@code filename*=UTF-8''...} when the name is not plain ASCII.
 */
final class ContentDisposition {
    private ContentDisposition() {}

    /** {@code type} ("inline" or "attachment") with {@code filename}, or just {@code type} when it is null. */
    static String of(String type, String filename) {
        if (filename == null || filename.isEmpty()) {
            return type;
        }
        StringBuilder ascii = new StringBuilder();
        boolean plain = true;
        for (int i = 0; i < filename.length(); ) {
            int cp = filename.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x20 || cp >= 0x7F) {
                ascii.append('_');
                plain = false;
            } else if (cp == '"' || cp == '\\') {
                ascii.append('\\').append((char) cp);
            } else {
                ascii.append((char) cp);
            }
        }
        String value = type + "; filename=\"" + ascii + "\"";
        return plain ? value : value + "; filename*=UTF-8''" + rfc8187(filename);
    }

    /** Percent-encodes every byte of the UTF-8 form except RFC 8187's {@code attr-char}s. */
    private static String rfc8187(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean attrChar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (attrChar) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
