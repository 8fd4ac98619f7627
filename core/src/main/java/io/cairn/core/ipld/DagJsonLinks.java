package io.cairn.core.ipld;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the links of a DAG-JSON block (ipld/ipld {@code specs/codecs/dag-json/spec.md}) in one pass: a link is an
 * object with exactly one key, {@code "/"}, whose value is a string holding a CID ({@code {"/": "bafy..."}}). The
 * same key over an object ({@code {"/": {"bytes": "..."}}}) is the Bytes kind, not a link. As
 * {@code @ipld/dag-json} 11 reads it: an object whose <em>first</em> key is {@code "/"} over a string must be a link
 * (more keys, or a string that is not a CID, are errors); a {@code "/"} key after another key is a plain map key.
 *
 * <p>The block must be one JSON value (RFC 8259) in well-formed UTF-8, with optional whitespace around tokens;
 * strings' escapes are decoded before keys are compared, so {@code {"\/": ...}} is a link too. Rejected with
 * {@link IpldFormatException}: anything that is not such JSON, a link string that is not a CID, nesting deeper than
 * {@link #MAX_DEPTH}. Key order, duplicate keys and number ranges are not checked (none changes the links).
 * Nesting is tracked on an explicit stack; nothing is allocated beyond the block's characters and the strings of
 * keys and link candidates, all bounded by the block's size.
 */
final class DagJsonLinks {
    static final int MAX_DEPTH = DagCborLinks.MAX_DEPTH;

    private final char[] c;
    private int pos;

    private DagJsonLinks(char[] chars) {
        this.c = chars;
    }

    /** Appends the links of {@code block}, in document order, to {@code out}. */
    static void collect(byte[] block, List<Cid> out) {
        new DagJsonLinks(utf8(block)).run(out);
    }

    private static char[] utf8(byte[] block) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(block));
            return Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
        } catch (CharacterCodingException e) {
            throw new IpldFormatException("not valid dag-json: not well-formed UTF-8", e);
        }
    }

    /** One open array or object. */
    private static final class Frame {
        final boolean object;
        int keys;
        /** For an object: whether its first key is "/", and that key's value when it is a string. */
        boolean slashFirst;
        String slashValue;

        Frame(boolean object) {
            this.object = object;
        }
    }

    private void run(List<Cid> out) {
        Frame[] stack = new Frame[16];
        int depth = 0;
        // Each turn reads one value; containers push a frame and their members are read by later turns.
        while (true) {
            whitespace();
            Frame top = depth == 0 ? null : stack[depth - 1];
            String key = null;
            if (top != null && top.object) {
                if (top.keys == 1 && top.slashValue != null) {
                    // As @ipld/dag-json reads it: a first key "/" over a string makes the object a link, nothing else.
                    throw error("an object whose first key \"/\" holds a string has more keys, at offset " + pos);
                }
                key = string();
                whitespace();
                expect(':');
                whitespace();
                top.keys++;
            }
            char ch = peek();
            if (ch == '{' || ch == '[') {
                pos++;
                if (depth == MAX_DEPTH) {
                    throw error("nesting deeper than " + MAX_DEPTH);
                }
                Frame f = new Frame(ch == '{');
                if (top != null && top.object && top.keys == 1) {
                    top.slashFirst = key.equals("/");
                }
                whitespace();
                if (peek() == (f.object ? '}' : ']')) {
                    pos++;
                    // An empty container is one finished value; fall through to the closing logic below.
                } else {
                    if (depth == stack.length) {
                        stack = Arrays.copyOf(stack, depth * 2);
                    }
                    stack[depth++] = f;
                    continue;
                }
            } else if (ch == '"') {
                boolean candidate = top != null && top.object && top.keys == 1 && key.equals("/");
                String s = string();
                if (top != null && top.object && top.keys == 1) {
                    top.slashFirst = key.equals("/");
                    top.slashValue = candidate ? s : null;
                }
            } else {
                scalar();
                if (top != null && top.object && top.keys == 1) {
                    top.slashFirst = key.equals("/");
                }
            }
            // A value is done: move past separators, closing every container that ends here.
            while (true) {
                if (depth == 0) {
                    whitespace();
                    if (pos != c.length) {
                        throw error("text after the top-level value at offset " + pos);
                    }
                    return;
                }
                Frame f = stack[depth - 1];
                whitespace();
                char sep = next();
                if (sep == ',') {
                    break;
                }
                if (sep != (f.object ? '}' : ']')) {
                    throw error("expected ',' or '" + (f.object ? '}' : ']') + "' at offset " + (pos - 1));
                }
                depth--;
                if (f.object && f.keys == 1 && f.slashFirst && f.slashValue != null) {
                    out.add(cid(f.slashValue));
                }
            }
        }
    }

    private static Cid cid(String text) {
        try {
            return Cid.parse(text);
        } catch (CidFormatException e) {
            throw new IpldFormatException("dag-json link {\"/\": \"" + (text.length() > 80 ? text.substring(0, 77)
                    + "..." : text) + "\"} is not a CID: " + e.getMessage(), e);
        }
    }

    private void whitespace() {
        while (pos < c.length && (c[pos] == ' ' || c[pos] == '\t' || c[pos] == '\n' || c[pos] == '\r')) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= c.length) {
            throw error("truncated at offset " + pos);
        }
        return c[pos];
    }

    private char next() {
        char ch = peek();
        pos++;
        return ch;
    }

    private void expect(char want) {
        if (next() != want) {
            throw error("expected '" + want + "' at offset " + (pos - 1));
        }
    }

    /** A string token, escapes decoded. */
    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char ch = next();
            if (ch == '"') {
                return sb.toString();
            }
            if (ch < 0x20) {
                throw error("control character in a string at offset " + (pos - 1));
            }
            if (ch != '\\') {
                sb.append(ch);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(hex4());
                default -> throw error("bad escape '\\" + e + "' at offset " + (pos - 2));
            }
        }
    }

    private char hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(next(), 16);
            if (d < 0) {
                throw error("bad \\u escape at offset " + (pos - 1));
            }
            v = (v << 4) | d;
        }
        return (char) v;
    }

    /** A number, {@code true}, {@code false} or {@code null}. */
    private void scalar() {
        char ch = peek();
        if (ch == 't') {
            literal("true");
        } else if (ch == 'f') {
            literal("false");
        } else if (ch == 'n') {
            literal("null");
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            number();
        } else {
            throw error("unexpected '" + ch + "' at offset " + pos);
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (next() != word.charAt(i)) {
                throw error("bad literal at offset " + (pos - 1) + " (expected " + word + ")");
            }
        }
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
    private void number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (next() == '0') {
            // a leading zero stands alone
        } else if (c[pos - 1] >= '1' && c[pos - 1] <= '9') {
            digits(false);
        } else {
            throw error("bad number at offset " + start);
        }
        if (pos < c.length && c[pos] == '.') {
            pos++;
            digits(true);
        }
        if (pos < c.length && (c[pos] == 'e' || c[pos] == 'E')) {
            pos++;
            if (pos < c.length && (c[pos] == '+' || c[pos] == '-')) {
                pos++;
            }
            digits(true);
        }
    }

    private void digits(boolean atLeastOne) {
        int start = pos;
        while (pos < c.length && c[pos] >= '0' && c[pos] <= '9') {
            pos++;
        }
        if (atLeastOne && pos == start) {
            throw error("digit expected at offset " + pos);
        }
    }

    private static IpldFormatException error(String message) {
        return new IpldFormatException("not valid dag-json: " + message);
    }
}
