package io.cairn.gateway.rpc;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One call: its command ({@code pin/ls}), positional {@code arg}s and options, parsed from the query string as
 * go-ipfs-cmds reads them ({@code +} is a space, the last value of a repeated option wins, options are looked up by
 * any of their names). Unknown options are ignored, as Kubo ignores them. The body, if any, is left to the command.
 */
final class RpcRequest {
    private final String command;
    private final List<String> args;
    private final Map<String, String> options;
    private final String contentType;
    private final InputStream body;

    RpcRequest(String command, List<String> args, Map<String, String> options, String contentType,
            InputStream body) {
        this.command = command;
        this.args = List.copyOf(args);
        this.options = Map.copyOf(options);
        this.contentType = contentType;
        this.body = body;
    }

    /** Parses {@code a=1&arg=x&arg=y}; malformed escapes are a client error. */
    static RpcRequest parse(String command, String rawQuery, String contentType, InputStream body) {
        List<String> args = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = unescape(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : unescape(pair.substring(eq + 1), true);
                if (key.equals("arg")) {
                    args.add(value);
                } else {
                    options.put(key, value);
                }
            }
        }
        return new RpcRequest(command, args, options, contentType, body);
    }

    /**
     * Percent-decoding as Go's {@code url.QueryUnescape} ({@code plusIsSpace}) or {@code url.PathUnescape}; the
     * bytes are UTF-8. A bad escape is a client error.
     */
    static String unescape(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw RpcException.client("invalid URL escape \"" + s.substring(i) + "\"");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw RpcException.client("invalid URL escape \"" + s.substring(i, i + 3) + "\"");
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out[n++] = ' ';
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (n + utf8.length > out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2 + utf8.length);
                }
                System.arraycopy(utf8, 0, out, n, utf8.length);
                n += utf8.length;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    String command() {
        return command;
    }

    List<String> args() {
        return args;
    }

    /** The only argument, or a client error naming it as Kubo does ({@code argument "key" is required}). */
    String arg(String name) {
        if (args.isEmpty()) {
            throw RpcException.client("argument \"" + name + "\" is required");
        }
        return args.get(0);
    }

    /** At least one argument. */
    List<String> requireArgs(String name) {
        if (args.isEmpty()) {
            throw RpcException.client("argument \"" + name + "\" is required");
        }
        return args;
    }

    /** The value of the first of {@code names} that is present, else null. */
    String string(String... names) {
        for (String n : names) {
            String v = options.get(n);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** A boolean option as Go's {@code strconv.ParseBool} reads it; present without a value means true. */
    boolean bool(boolean fallback, String... names) {
        String v = string(names);
        if (v == null) {
            return fallback;
        }
        switch (v) {
            case "", "1", "t", "T", "true", "TRUE", "True":
                return true;
            case "0", "f", "F", "false", "FALSE", "False":
                return false;
            default:
                throw RpcException.client("invalid value \"" + v + "\" for boolean option " + names[0]);
        }
    }

    /** A boolean option that may be absent. */
    Boolean optionalBool(String... names) {
        return string(names) == null ? null : bool(false, names);
    }

    long number(long fallback, String... names) {
        String v = string(names);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw RpcException.client("invalid value \"" + v + "\" for option " + names[0] + ": not a number");
        }
    }

    Long optionalNumber(String... names) {
        return string(names) == null ? null : number(0, names);
    }

    String contentType() {
        return contentType;
    }

    InputStream body() {
        return body;
    }

    /** The multipart body's parts; a body that is not multipart is a client error. */
    MultipartReader multipart() {
        try {
            return new MultipartReader(body, MultipartReader.boundary(contentType));
        } catch (MultipartFormatException e) {
            throw RpcException.client(e.getMessage());
        }
    }

    String lowerCommand() {
        return command.toLowerCase(Locale.ROOT);
    }
}
