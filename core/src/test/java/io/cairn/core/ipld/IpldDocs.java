package io.cairn.core.ipld;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random IPLD documents with embedded links, and test-side encoders to DAG-CBOR and DAG-JSON written from the specs
 * (independent of the walkers under test), so a property can check that exactly the planted links come back.
 * Values: null, booleans, integers, doubles, strings, bytes, lists, string-keyed maps, {@link Cid} links, and
 * {@link Decoy}s that look like links to a careless reader but are not.
 */
final class IpldDocs {
    private IpldDocs() {}

    /**
     * A map with a {@code "/"} key holding a CID but another key first: in DAG-JSON a plain map (not a link), in
     * DAG-CBOR the CID's bytes untagged.
     */
    record Decoy(Cid cid) {}

    static Object document(Random r, int maxDepth) {
        return value(r, maxDepth);
    }

    static Cid randomCid(Random r) {
        byte[] content = new byte[r.nextInt(40)];
        r.nextBytes(content);
        return switch (r.nextInt(6)) {
            case 0 -> Cid.v0(Multihash.digest(HashFunction.SHA2_256, content));
            case 1 -> Cid.v1(Multicodec.RAW, Multihash.digest(HashFunction.SHA2_256, content));
            case 2 -> Cid.v1(Multicodec.DAG_CBOR, Multihash.digest(HashFunction.SHA2_256, content));
            case 3 -> Cid.v1(Multicodec.DAG_JSON, Multihash.digest(HashFunction.SHA2_512, content));
            case 4 -> Cid.v1(Multicodec.DAG_PB, Multihash.of(Multicodec.IDENTITY.code(), content));
            default -> Cid.v1(0x300000L + r.nextInt(1000), Multihash.digest(HashFunction.SHA2_256, content));
        };
    }

    private static Object value(Random r, int depth) {
        int kind = r.nextInt(depth <= 0 ? 8 : 11);
        return switch (kind) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> switch (r.nextInt(3)) {
                case 0 -> (long) r.nextInt(30) - 10;
                case 1 -> r.nextLong();
                default -> (long) r.nextInt();
            };
            case 3 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
            case 4 -> string(r);
            case 5 -> {
                byte[] b = new byte[r.nextInt(r.nextBoolean() ? 30 : 300)];
                r.nextBytes(b);
                yield b;
            }
            case 6 -> randomCid(r);
            case 7 -> r.nextInt(4) == 0 ? new Decoy(randomCid(r)) : randomCid(r);
            case 8 -> {
                List<Object> list = new ArrayList<>();
                int n = r.nextInt(r.nextInt(8) == 0 ? 40 : 5);
                for (int i = 0; i < n; i++) {
                    list.add(value(r, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    String key = string(r);
                    if (key.equals("/")) {
                        key = "//";
                    }
                    map.put(key, value(r, depth - 1));
                }
                yield map;
            }
        };
    }

    private static String string(Random r) {
        String alphabet = "ab/\\\"\n\u0001 é漢\uD83D\uDE00{}[]:,0";
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            char ch = alphabet.charAt(r.nextInt(alphabet.length()));
            if (Character.isHighSurrogate(ch)) {
                sb.append(ch).append('\uDE00');
            } else if (!Character.isLowSurrogate(ch)) {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** The links a correct walker finds, in document order. */
    static List<Cid> links(Object v) {
        List<Cid> out = new ArrayList<>();
        collect(v, out);
        return out;
    }

    private static void collect(Object v, List<Cid> out) {
        if (v instanceof Cid c) {
            out.add(c);
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, out));
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collect(x, out));
        }
    }

    // ---- DAG-CBOR (RFC 8949 heads; tag 42 over 0x00 + CID bytes) ----

    static byte[] cbor(Object v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cbor(v, out);
        return out.toByteArray();
    }

    private static void cbor(Object v, ByteArrayOutputStream out) {
        if (v == null) {
            out.write(0xf6);
        } else if (v instanceof Boolean b) {
            out.write(b ? 0xf5 : 0xf4);
        } else if (v instanceof Long n) {
            if (n >= 0) {
                head(0, n, out);
            } else {
                head(1, -1 - n, out);
            }
        } else if (v instanceof Double d) {
            out.write(0xfb);
            long bits = Double.doubleToLongBits(d);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
        } else if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            head(3, b.length, out);
            out.writeBytes(b);
        } else if (v instanceof byte[] b) {
            head(2, b.length, out);
            out.writeBytes(b);
        } else if (v instanceof Cid c) {
            out.write(0xd8);
            out.write(42);
            head(2, c.byteLength() + 1L, out);
            out.write(0);
            out.writeBytes(c.toBytes());
        } else if (v instanceof Decoy d) {
            // In CBOR the decoy is a map whose "/" holds the CID's bytes untagged, and a second key.
            head(5, 2, out);
            cbor("/", out);
            cbor(d.cid().toBytes(), out);
            cbor("x", out);
            cbor(1L, out);
        } else if (v instanceof List<?> l) {
            head(4, l.size(), out);
            l.forEach(x -> cbor(x, out));
        } else if (v instanceof Map<?, ?> m) {
            head(5, m.size(), out);
            m.forEach((k, x) -> {
                cbor(k, out);
                cbor(x, out);
            });
        } else {
            throw new IllegalArgumentException(String.valueOf(v));
        }
    }

    /** A head in its shortest form. The argument is unsigned. */
    static void head(int major, long arg, ByteArrayOutputStream out) {
        int m = major << 5;
        if (arg >= 0 && arg < 24) {
            out.write(m | (int) arg);
        } else if (arg >= 0 && arg < 0x100) {
            out.write(m | 24);
            out.write((int) arg);
        } else if (arg >= 0 && arg < 0x10000) {
            out.write(m | 25);
            out.write((int) (arg >>> 8));
            out.write((int) arg);
        } else if (arg >= 0 && arg < 0x100000000L) {
            out.write(m | 26);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (arg >>> (8 * i)));
            }
        } else {
            out.write(m | 27);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (arg >>> (8 * i)));
            }
        }
    }

    // ---- DAG-JSON ----

    /** {@code spaces}: whitespace between tokens; {@code escapeSlash}: write "/" as "\/" in strings. */
    static byte[] json(Object v, Random r, boolean spaces, boolean escapeSlash) {
        StringBuilder sb = new StringBuilder();
        json(v, sb, r, spaces, escapeSlash);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void json(Object v, StringBuilder sb, Random r, boolean spaces, boolean esc) {
        if (spaces && r.nextInt(3) == 0) {
            sb.append(" \n\t\r".charAt(r.nextInt(4)));
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Double d) {
            sb.append(d);
        } else if (v instanceof String s) {
            string(s, sb, esc);
        } else if (v instanceof byte[] b) {
            sb.append("{");
            string("/", sb, esc);
            sb.append(":{");
            string("bytes", sb, esc);
            sb.append(":");
            string("m" + Base64.getEncoder().withoutPadding().encodeToString(b), sb, esc);
            sb.append("}}");
        } else if (v instanceof Cid c) {
            sb.append("{");
            string("/", sb, esc);
            sb.append(spaces ? " : " : ":");
            string(c.toString(), sb, esc);
            sb.append("}");
        } else if (v instanceof Decoy d) {
            sb.append("{");
            string("x", sb, esc);
            sb.append(":1,");
            string("/", sb, esc);
            sb.append(":");
            string(d.cid().toString(), sb, esc);
            sb.append("}");
        } else if (v instanceof List<?> l) {
            sb.append("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(",");
                }
                json(l.get(i), sb, r, spaces, esc);
            }
            sb.append("]");
        } else if (v instanceof Map<?, ?> m) {
            sb.append("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(",");
                }
                first = false;
                string((String) e.getKey(), sb, esc);
                sb.append(":");
                json(e.getValue(), sb, r, spaces, esc);
            }
            sb.append("}");
        } else {
            throw new IllegalArgumentException(String.valueOf(v));
        }
        if (spaces && r.nextInt(3) == 0) {
            sb.append(' ');
        }
    }

    private static void string(String s, StringBuilder sb, boolean escapeSlash) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch == '/' && escapeSlash) {
                sb.append("\\/");
            } else if (ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        sb.append('"');
    }
}
