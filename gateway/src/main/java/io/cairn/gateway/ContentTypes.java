package io.cairn.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Content-Type} of a UnixFS file: by the extension of its name first, then by sniffing its first bytes
 * (a small subset of the WHATWG MIME sniffing table: HTML, PNG, JPEG, GIF, WebP, SVG, PDF), then text if no byte
 * is binary, else {@code application/octet-stream}. An empty file is text, as Go's {@code DetectContentType} says.
 */
final class ContentTypes {
    /** Bytes enough for every signature checked here (the WHATWG algorithm reads 512 too). */
    static final int SNIFF_LENGTH = 512;
    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String BINARY = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", HTML), Map.entry("htm", HTML),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("txt", TEXT), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("xml", "application/xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("avif", "image/avif"), Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("pdf", "application/pdf"), Map.entry("wasm", "application/wasm"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("car", "application/vnd.ipld.car"), Map.entry("tar", "application/x-tar"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"));

    private static final String[] HTML_TAGS = {"<!doctype html", "<html", "<head", "<body", "<script", "<iframe",
        "<h1", "<div", "<font", "<table", "<a", "<style", "<title", "<b", "<br", "<p", "<!--"};

    private ContentTypes() {}

    /** The type the extension of {@code name} names, or null. */
    static String byName(String name) {
        if (name == null) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return null;
        }
        return BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The type of content starting with {@code head[0..length)}. */
    static String sniff(byte[] head, int length) {
        if (length == 0) {
            return TEXT;
        }
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(head, length, 'G', 'I', 'F', '8', '7', 'a')
                || startsWith(head, length, 'G', 'I', 'F', '8', '9', 'a')) {
            return "image/gif";
        }
        if (length >= 12 && startsWith(head, length, 'R', 'I', 'F', 'F')
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        if (startsWith(head, length, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (isBinary(head, length)) {
            return BINARY;
        }
        String text = new String(head, 0, length, StandardCharsets.UTF_8).stripLeading().toLowerCase(Locale.ROOT);
        if (text.startsWith("<svg") || text.startsWith("<?xml") && text.contains("<svg")) {
            return "image/svg+xml";
        }
        for (String tag : HTML_TAGS) {
            // WHATWG: the tag is followed by a space or '>' (a "tag-terminating byte").
            if (text.startsWith(tag) && text.length() > tag.length()
                    && (text.charAt(tag.length()) == ' ' || text.charAt(tag.length()) == '>')) {
                return HTML;
            }
        }
        return TEXT;
    }

    /** WHATWG "binary data byte": a control byte other than tab, newline, form feed, carriage return, escape. */
    private static boolean isBinary(byte[] head, int length) {
        for (int i = 0; i < length; i++) {
            int b = head[i] & 0xFF;
            if (b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] head, int length, int... signature) {
        if (length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
