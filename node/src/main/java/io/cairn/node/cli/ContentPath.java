package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import io.cairn.core.reader.UnixFsReader;
import java.io.IOException;

/**
 * A content path argument as Kubo's commands accept it ({@code cmdutils.PathOrCidPath}): a bare CID, a CID
 * followed by {@code /a/b}, {@code /ipfs/CID/a/b} or {@code ipfs://CID/a/b}. Parsing checks the CID only; the
 * segments are looked up when the path is resolved against blocks.
 *
 * @param text the argument as given
 * @param root the CID it starts from
 * @param segments the rest, "a/b" (possibly empty), without leading or trailing slashes
 */
record ContentPath(String text, Cid root, String segments) {

    static ContentPath parse(String text) {
        String rest = text;
        if (rest.startsWith("ipfs://")) {
            rest = rest.substring("ipfs://".length());
        } else if (rest.startsWith("/ipfs/")) {
            rest = rest.substring("/ipfs/".length());
        } else if (rest.startsWith("/ipns/") || rest.startsWith("ipns://")) {
            throw new UserException("invalid path \"" + text + "\": IPNS names are not supported yet");
        }
        int slash = rest.indexOf('/');
        String cidText = slash < 0 ? rest : rest.substring(0, slash);
        String segments = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
        try {
            return new ContentPath(text, Cid.parse(cidText), segments);
        } catch (CidFormatException e) {
            throw new CidFormatException("invalid path \"" + text + "\": " + e.getMessage(), e);
        }
    }

    /** A bare CID argument (for {@code block} commands, which take no paths). */
    static Cid parseCid(String text) {
        ContentPath p = parse(text);
        if (!p.segments.isEmpty()) {
            throw new UserException("invalid CID \"" + text + "\": block commands take a CID, not a path");
        }
        return p.root;
    }

    /** The CID the path names, following directory entries (plain and HAMT) from the root. */
    Cid resolve(UnixFsReader reader) throws IOException {
        return segments.isEmpty() ? root : reader.resolve(root, segments);
    }

    /** The last element of the argument, as {@code ipfs get} names its output by default. */
    String lastName() {
        String trimmed = text;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int slash = trimmed.lastIndexOf('/');
        String name = slash < 0 ? trimmed : trimmed.substring(slash + 1);
        return name.isEmpty() || name.equals(".") || name.equals("..") ? root.toString() : name;
    }

    private static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }
}
