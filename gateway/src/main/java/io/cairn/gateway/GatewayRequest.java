package io.cairn.gateway;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The content path and query of a request URI: {@code /ipfs/{cid}[/seg...][/]?params}. Parsing refuses with 400 a
 * malformed CID, a segment that is {@code .} or {@code ..} (raw or percent-encoded: a content path is never
 * normalised, so such a segment can only be an attack or a mistake), a segment that decodes to a {@code /} or a NUL,
 * and malformed percent-encoding. Empty segments ({@code a//b}) are skipped.
 *
 * @param rawPath the path as sent, percent-encoded (for {@code X-Ipfs-Path} and redirects)
 * @param rawQuery the query as sent, without {@code ?}, or empty
 * @param segments the decoded path segments after the CID
 * @param trailingSlash whether the path ends with {@code /} after the CID
 */
record GatewayRequest(String rawPath, String rawQuery, Cid root, List<String> segments, boolean trailingSlash,
        Map<String, List<String>> params) {
    private static final String IPFS = "/ipfs/";

    static GatewayRequest parse(String uri) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 64);
        String rawPath = decoder.rawPath();
        String rawQuery = decoder.rawQuery();
        Map<String, List<String>> params;
        try {
            params = decoder.parameters();
        } catch (IllegalArgumentException e) {
            throw bad("malformed query string");
        }
        if (rawPath.equals("/ipns") || rawPath.startsWith("/ipns/")) {
            throw new RequestException(HttpResponseStatus.NOT_IMPLEMENTED, "/ipns/ paths are not supported yet");
        }
        if (!rawPath.startsWith(IPFS)) {
            throw new RequestException(HttpResponseStatus.NOT_FOUND, "only /ipfs/{cid}[/path] is served here");
        }
        String[] parts = rawPath.substring(IPFS.length()).split("/", -1);
        String cidText = decode(parts[0]);
        if (cidText.isEmpty()) {
            throw bad("no CID in the path");
        }
        Cid root;
        try {
            root = CidTexts.parse(cidText);
        } catch (CidFormatException e) {
            throw bad("invalid CID: " + e.getMessage());
        }
        List<String> segments = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String s = decode(parts[i]);
            if (s.isEmpty()) {
                continue;
            }
            if (s.equals(".") || s.equals("..")) {
                throw bad("path segments '.' and '..' are not allowed in a content path");
            }
            if (s.indexOf('/') >= 0 || s.indexOf('\0') >= 0) {
                throw bad("a path segment may not contain '/' or NUL");
            }
            segments.add(s);
        }
        boolean trailingSlash = parts.length > 1 && rawPath.endsWith("/");
        return new GatewayRequest(rawPath, rawQuery, root, List.copyOf(segments), trailingSlash, params);
    }

    /** The first value of query parameter {@code name}, or null. */
    String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The last path segment, the name a file is served under, or null for a bare CID. */
    String lastSegment() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    /**
     * Percent-decodes one path segment. Unlike a query component, {@code +} stays {@code +}. Netty hands over the
     * request line one char per byte, so raw non-ASCII bytes are taken as bytes too; the result must be UTF-8.
     */
    static String decode(String component) {
        if (isPlainAscii(component)) {
            return component;           // nothing to decode: every request for a plain name took this way
        }
        byte[] bytes = new byte[component.length()];
        int n = 0;
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%') {
                if (i + 2 >= component.length()) {
                    throw bad("malformed percent-encoding in the path");
                }
                int hi = Character.digit(component.charAt(i + 1), 16);
                int lo = Character.digit(component.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw bad("malformed percent-encoding in the path");
                }
                bytes[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c > 0xFF) {
                throw bad("path is not percent-encoded UTF-8");
            } else {
                bytes[n++] = (byte) c;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw bad("path is not UTF-8");
        }
    }

    private static boolean isPlainAscii(String component) {
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static RequestException bad(String message) {
        return new RequestException(HttpResponseStatus.BAD_REQUEST, message);
    }
}
