package io.cairn.gateway.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streams the parts of a {@code multipart/form-data} body (RFC 7578) one after another, each part's body read in
 * place, so a large upload never sits in memory.
 *
 * <p>Invariants: {@code buf[pos, limit)} holds bytes read but not yet consumed. A part's body ends at the first
 * {@code CRLF--boundary}; since the delimiter may straddle a refill, a body read only hands out bytes that cannot be
 * the start of a delimiter (all but the last {@code delimiter.length - 1} buffered bytes, unless the delimiter was
 * found). The body stream begins as if preceded by CRLF, so a first boundary at offset 0 is found like any other.
 * Every malformation is a {@link MultipartFormatException}; header blocks are bounded.
 */
final class MultipartReader {
    private static final int BUFFER = 64 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean finished;
    private Part current;

    /** One part: its headers (names lower-cased) and its body, readable until {@link #next()} is called again. */
    static final class Part {
        private final Map<String, String> headers;
        private final InputStream body;

        Part(Map<String, String> headers, InputStream body) {
            this.headers = headers;
            this.body = body;
        }

        Map<String, String> headers() {
            return headers;
        }

        String contentType() {
            String t = headers.get("content-type");
            return t == null ? "" : t.trim().toLowerCase(Locale.ROOT);
        }

        /** The {@code filename} parameter of {@code Content-Disposition}, as sent (not decoded); null if none. */
        String fileName() {
            return dispositionParameter("filename");
        }

        /** The {@code name} parameter of {@code Content-Disposition}; null if none. */
        String name() {
            return dispositionParameter("name");
        }

        InputStream body() {
            return body;
        }

        private String dispositionParameter(String wanted) {
            String d = headers.get("content-disposition");
            return d == null ? null : parameter(d, wanted);
        }
    }

    MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new MultipartFormatException("multipart boundary missing or too long");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[BUFFER + delimiter.length];
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
    }

    /** The boundary parameter of a {@code multipart/form-data} content type, or an exception. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new MultipartFormatException("expected a multipart/form-data body, got content type "
                    + (contentType == null ? "none" : "'" + contentType + "'"));
        }
        String b = parameter(contentType, "boundary");
        if (b == null || b.isEmpty()) {
            throw new MultipartFormatException("multipart content type without a boundary");
        }
        return b;
    }

    /**
     * The next part, or null after the closing boundary. What is left of the previous part's body is skipped.
     */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current != null) {
            byte[] skip = new byte[8192];
            while (current.body.read(skip, 0, skip.length) >= 0) {
                // drain what the caller left of the previous part
            }
        }
        // At a delimiter (the virtual CRLF makes the first one look like the rest, with a preamble before it).
        int at;
        while ((at = indexOf(delimiter, pos)) < 0) {
            if (eof) {
                throw new MultipartFormatException("multipart body ends before its boundary");
            }
            pos = Math.max(pos, limit - delimiter.length + 1);
            compactAndFill();
        }
        pos = at + delimiter.length;
        require(2);
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            current = null;
            return null;
        }
        skipLinearWhitespace();
        expectCrlf();
        Map<String, String> headers = readHeaders();
        current = new Part(Collections.unmodifiableMap(headers), new BodyStream());
        return current;
    }

    private void skipLinearWhitespace() throws IOException {
        while (true) {
            require(1);
            if (buf[pos] != ' ' && buf[pos] != '\t') {
                return;
            }
            pos++;
        }
    }

    private void expectCrlf() throws IOException {
        require(2);
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new MultipartFormatException("malformed multipart boundary line");
        }
        pos += 2;
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine();
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw new MultipartFormatException("multipart part headers too large");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartFormatException("malformed multipart header line");
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    /** One CRLF-terminated header line, decoded as UTF-8 (browsers and Go send UTF-8 file names). */
    private String readLine() throws IOException {
        while (true) {
            for (int i = pos; i + 1 < limit; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    String line = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
                    pos = i + 2;
                    return line;
                }
            }
            if (limit - pos > MAX_HEADER_BYTES) {
                throw new MultipartFormatException("multipart header line too long");
            }
            if (eof) {
                throw new MultipartFormatException("multipart body ends inside part headers");
            }
            compactAndFill();
        }
    }

    /** Makes at least {@code n} unconsumed bytes available, or fails at the end of input. */
    private void require(int n) throws IOException {
        while (limit - pos < n) {
            if (eof) {
                throw new MultipartFormatException("multipart body ends too early");
            }
            compactAndFill();
        }
    }

    /** Moves the unconsumed bytes to the front and reads more after them (at least one byte, or sets eof). */
    private void compactAndFill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            throw new MultipartFormatException("multipart header block too large");
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    private int indexOf(byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= limit; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The current part's body: bytes up to the next delimiter, which it leaves unconsumed. */
    private final class BodyStream extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!ended && current != null && current.body == this) {
                int at = indexOf(delimiter, pos);
                int available = at >= 0 ? at - pos : limit - pos - (delimiter.length - 1);
                if (at == pos) {
                    ended = true;
                    return -1;
                }
                if (available > 0) {
                    int n = Math.min(len, available);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (eof) {
                    throw new MultipartFormatException("multipart body ends inside a part");
                }
                compactAndFill();
            }
            return -1;
        }
    }

    /**
     * A parameter of a header value such as {@code form-data; name="file"; filename="a%2Fb"}: quoted (with
     * backslash escapes) or bare; null when absent. {@code filename*} is not consulted.
     */
    static String parameter(String header, String wanted) {
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            i++;
            while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = header.substring(i, eq).trim();
            int j = eq + 1;
            String value;
            if (j < header.length() && header.charAt(j) == '"') {
                StringBuilder sb = new StringBuilder();
                j++;
                while (j < header.length() && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    sb.append(c);
                    j++;
                }
                value = sb.toString();
                j = header.indexOf(';', j);
            } else {
                int end = header.indexOf(';', j);
                value = (end < 0 ? header.substring(j) : header.substring(j, end)).trim();
                j = end;
            }
            if (key.equalsIgnoreCase(wanted)) {
                return value;
            }
            i = j;
        }
        return null;
    }
}
