package io.cairn.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which representation a request wants: the deserialized content (files, listings), a raw block, or a CAR.
 * {@code ?format=} wins over {@code Accept}, as the specs say. Accept is read as RFC 9110 section 12.5.1 says,
 * highest {@code q} first: a CAR type with parameters Cairn cannot honour (a version other than 1, an unknown order
 * or dups value) is skipped, and so are the IPLD types Cairn does not produce (tar, dag-json, dag-cbor, json, cbor,
 * IPNS records); any other type (a browser's {@code text/html}, {@code *}{@code /*}) means the content itself. An
 * Accept that only lists types Cairn cannot produce is 406.
 */
enum ResponseFormat {
    DESERIALIZED, RAW, CAR;

    static final String RAW_TYPE = "application/vnd.ipld.raw";
    static final String CAR_TYPE = "application/vnd.ipld.car";
    private static final List<String> UNSUPPORTED = List.of("application/x-tar", "application/vnd.ipld.dag-json",
            "application/vnd.ipld.dag-cbor", "application/json", "application/cbor",
            "application/vnd.ipfs.ipns-record");

    /** The negotiated format, with the CAR parameters the Accept entry that chose CAR asked for. */
    record Choice(ResponseFormat format, boolean fromAccept, String order, String dups) {}

    static Choice negotiate(String formatParam, String accept) {
        if (formatParam != null) {
            switch (formatParam) {
                case "raw":
                    return new Choice(RAW, false, null, null);
                case "car":
                    return new Choice(CAR, false, null, null);
                case "tar": case "dag-json": case "dag-cbor": case "json": case "cbor": case "ipns-record":
                    throw new RequestException(HttpResponseStatus.NOT_ACCEPTABLE, "format=" + formatParam
                            + " is not supported by this gateway; use format=raw or format=car");
                default:
                    throw new RequestException(HttpResponseStatus.BAD_REQUEST, "unknown format: " + formatParam);
            }
        }
        if (accept == null || accept.isBlank()) {
            return new Choice(DESERIALIZED, false, null, null);
        }
        List<MediaRange> ranges = MediaRange.parseAll(accept);
        for (MediaRange r : ranges) {
            if (r.type.equals(RAW_TYPE)) {
                return new Choice(RAW, true, null, null);
            }
            if (r.type.equals(CAR_TYPE)) {
                String version = r.param("version");
                String order = r.param("order");
                String dups = r.param("dups");
                if ((version == null || version.equals("1"))
                        && (order == null || order.equals("dfs") || order.equals("unk"))
                        && (dups == null || dups.equals("y") || dups.equals("n"))) {
                    return new Choice(CAR, true, order, dups);
                }
                continue;
            }
            if (UNSUPPORTED.contains(r.type)) {
                continue;
            }
            return new Choice(DESERIALIZED, false, null, null);
        }
        throw new RequestException(HttpResponseStatus.NOT_ACCEPTABLE, "none of the types in Accept can be served;"
                + " this gateway serves content, " + RAW_TYPE + " and " + CAR_TYPE + "; version=1");
    }

    /** One entry of an Accept header. */
    private static final class MediaRange {
        final String type;
        final List<String[]> params = new ArrayList<>();
        double q = 1;

        private MediaRange(String type) {
            this.type = type;
        }

        String param(String name) {
            for (String[] p : params) {
                if (p[0].equals(name)) {
                    return p[1];
                }
            }
            return null;
        }

        /** The entries with q above 0, highest q first, ties in header order. */
        static List<MediaRange> parseAll(String header) {
            List<MediaRange> out = new ArrayList<>();
            for (String entry : header.split(",")) {
                String[] parts = entry.split(";");
                String type = parts[0].strip().toLowerCase(Locale.ROOT);
                if (type.isEmpty()) {
                    continue;
                }
                MediaRange r = new MediaRange(type);
                for (int i = 1; i < parts.length; i++) {
                    int eq = parts[i].indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String k = parts[i].substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    String v = parts[i].substring(eq + 1).strip();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    if (k.equals("q")) {
                        try {
                            r.q = Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            r.q = 0;        // RFC 9110 grammar violated: treat the entry as unacceptable
                        }
                    } else {
                        r.params.add(new String[] {k, v.toLowerCase(Locale.ROOT)});
                    }
                }
                if (r.q > 0) {
                    out.add(r);
                }
            }
            out.sort(Comparator.comparingDouble((MediaRange r) -> -r.q));
            return out;
        }
    }
}
