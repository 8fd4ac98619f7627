package io.cairn.gateway;

/** Matching an {@code If-None-Match} header against the {@code Etag} a response would carry. */
final class Etags {
    private Etags() {}

    /**
     * Whether {@code ifNoneMatch} (a list of entity tags or {@code *}) names {@code etag}; entity tags compare weakly,
     * as RFC 9110 section 13.1.2 asks for If-None-Match.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String want = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || opaque(c).equals(want)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    static String quoted(String value) {
        return "\"" + value + "\"";
    }
}
