package io.cairn.gateway;

import io.cairn.core.reader.DirectoryItem;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The HTML index of a UnixFS directory without {@code index.html}: one table row per entry with its name (linked
 * relative to the directory), its size (the link's Tsize: no child is fetched, so 10,000 entries cost one listing)
 * and its CID (linked to {@code /ipfs/{cid}?filename=name}). Rendered {@value #ROWS_PER_BATCH} rows at a time as it
 * is read, so a huge directory is never one huge string.
 */
final class DirectoryListing extends InputStream {
    /** Changes whenever the markup changes: it is part of the listing's Etag. */
    static final String VERSION = "cairn-2";
    private static final int ROWS_PER_BATCH = 256;

    private final String title;
    private final List<DirectoryItem> items;
    private final boolean hasParent;
    private int next = -1;          // -1: the head is not yet written; items.size(): the tail is next
    private boolean done;
    private byte[] segment = new byte[0];
    private int segmentPos;

    /**
     * @param path the directory's content path as requested (percent-encoded, ending in {@code /})
     * @param hasParent whether to link {@code ..} (not at the root CID)
     */
    DirectoryListing(String path, List<DirectoryItem> items, boolean hasParent) {
        this.title = html(path);
        this.items = items;
        this.hasParent = hasParent;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (segmentPos == segment.length) {
            if (!refill()) {
                return -1;
            }
        }
        int n = Math.min(len, segment.length - segmentPos);
        System.arraycopy(segment, segmentPos, b, off, n);
        segmentPos += n;
        return n;
    }

    private boolean refill() {
        if (done) {
            return false;
        }
        StringBuilder sb = new StringBuilder();
        if (next < 0) {
            sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<title>Index of ").append(title).append("</title>\n")
                    .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                    .append("td,th{padding:.2em 1em;text-align:left}td.size{text-align:right}")
                    .append(".cid{font-family:monospace;font-size:.85em}</style>\n</head>\n<body>\n")
                    .append("<h1>Index of ").append(title).append("</h1>\n")
                    .append("<p>").append(items.size()).append(items.size() == 1 ? " entry" : " entries")
                    .append("</p>\n<table>\n<thead><tr><th>Name</th><th>Size</th><th>CID</th></tr></thead>\n<tbody>\n");
            if (hasParent) {
                sb.append("<tr><td><a href=\"..\">..</a></td><td></td><td></td></tr>\n");
            }
            next = 0;
        } else if (next < items.size()) {
            int end = Math.min(items.size(), next + ROWS_PER_BATCH);
            for (; next < end; next++) {
                DirectoryItem item = items.get(next);
                String name = html(item.name());
                String cid = item.cid().toString();
                sb.append("<tr><td><a href=\"./").append(html(pathSegment(item.name()))).append("\">").append(name)
                        .append("</a></td><td class=\"size\">").append(humanSize(item.tsize()))
                        .append("</td><td class=\"cid\"><a href=\"/ipfs/").append(cid).append("?filename=")
                        .append(html(pathSegment(item.name()))).append("\">").append(cid).append("</a></td></tr>\n");
            }
        } else {
            sb.append("</tbody>\n</table>\n</body>\n</html>\n");
            done = true;
        }
        segment = sb.toString().getBytes(StandardCharsets.UTF_8);
        segmentPos = 0;
        return true;
    }

    /** Escapes text for HTML content and double-quoted attribute values. */
    static String html(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes a name as one URL path segment: everything but RFC 3986 unreserved characters. */
    static String pathSegment(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /**
     * The size as Kubo's listing prints it with go-humanize's {@code Bytes}: "N B" below 10 bytes, else SI units
     * with the value rounded to one decimal, shown with that decimal below 10 and without it from 10 up
     * ("1.5 MB", "53 kB", "999 B").
     */
    static String humanSize(long bytes) {
        if (bytes < 10) {
            return bytes + " B";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int e = 0;
        double scaled = bytes;
        while (scaled >= 1000 && e < units.length - 1) {
            scaled /= 1000;
            e++;
        }
        double rounded = Math.floor(scaled * 10 + 0.5) / 10;
        return String.format(Locale.ROOT, rounded < 10 ? "%.1f %s" : "%.0f %s", rounded, units[e]);
    }
}
