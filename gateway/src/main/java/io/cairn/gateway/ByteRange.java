package io.cairn.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * One satisfiable byte range of a body of known size, from a {@code Range} header, as Go's {@code http.ServeContent}
 * (which Kubo serves files with) reads it: {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}; a malformed or
 * unsatisfiable range is 416. Two differences: a header in another unit is ignored (RFC 9110 section 14.2), and
 * several ranges are answered with the whole body rather than multipart.
 *
 * @param start first byte, inclusive
 * @param end last byte, inclusive
 */
record ByteRange(long start, long end) {
    long length() {
        return end - start + 1;
    }

    String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /**
     * The range {@code header} asks for in a body of {@code size} bytes, or null to send the whole body.
     *
     * @throws RequestException 416 for a malformed or unsatisfiable range
     */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String[] specs = h.substring(6).split(",", -1);
        ByteRange first = null;
        for (String spec : specs) {
            ByteRange r = one(spec.strip(), size);
            if (first == null) {
                first = r;
            }
        }
        return specs.length == 1 ? first : null;
    }

    private static ByteRange one(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw unsatisfiable("invalid range");
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (a.isEmpty()) {
            long suffix = number(b);
            if (suffix == 0 || size == 0) {
                throw unsatisfiable("unsatisfiable range");
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long start = number(a);
        if (start >= size) {
            throw unsatisfiable("range starts past the end of the content");
        }
        long end = size - 1;
        if (!b.isEmpty()) {
            end = number(b);
            if (end < start) {
                throw unsatisfiable("invalid range");
            }
            end = Math.min(end, size - 1);
        }
        return new ByteRange(start, end);
    }

    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            throw unsatisfiable("invalid range");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw unsatisfiable("invalid range");
            }
        }
        return Long.parseLong(digits);
    }

    private static RequestException unsatisfiable(String message) {
        return new RequestException(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, message);
    }
}
