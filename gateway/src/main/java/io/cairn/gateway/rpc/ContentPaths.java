package io.cairn.gateway.rpc;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import io.cairn.core.reader.UnixFsReader;
import java.io.IOException;

/**
 * Content path arguments as Kubo's commands take them ({@code cmdutils.PathOrCidPath}): {@code CID},
 * {@code CID/a/b}, {@code /ipfs/CID/a/b} or {@code ipfs://CID/a/b}, with the command line's error wording.
 */
final class ContentPaths {
    private ContentPaths() {}

    /** The CID {@code text} names, following directory entries from its root. */
    static Cid resolve(String text, UnixFsReader reader) throws IOException {
        String rest = text;
        if (rest.startsWith("ipfs://")) {
            rest = rest.substring("ipfs://".length());
        } else if (rest.startsWith("/ipfs/")) {
            rest = rest.substring("/ipfs/".length());
        } else if (rest.startsWith("/ipns/") || rest.startsWith("ipns://")) {
            throw new RpcException("invalid path \"" + text + "\": IPNS names are not supported yet");
        }
        int slash = rest.indexOf('/');
        String cidText = slash < 0 ? rest : rest.substring(0, slash);
        String segments = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
        Cid root;
        try {
            root = Cid.parse(cidText);
        } catch (CidFormatException e) {
            throw new CidFormatException("invalid path \"" + text + "\": " + e.getMessage(), e);
        }
        return segments.isEmpty() ? root : reader.resolve(root, segments);
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
