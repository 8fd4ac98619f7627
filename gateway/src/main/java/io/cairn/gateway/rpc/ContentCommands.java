package io.cairn.gateway.rpc;

import io.cairn.core.dagpb.PbLink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.reader.DirectoryItem;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code cat} and {@code ls}: reading UnixFS from the node's blocks (kubo {@code cat.go}, {@code ls.go}). */
final class ContentCommands {
    private final RpcBackend backend;

    ContentCommands(RpcBackend backend) {
        this.backend = backend;
    }

    void register(Map<String, RpcCommand> commands) {
        commands.put("cat", this::cat);
        commands.put("ls", this::ls);
    }

    private UnixFsReader reader() {
        return new UnixFsReader(backend.blocks());
    }

    /**
     * The files' bytes, concatenated; {@code offset} and {@code length} apply to the concatenation. Every path is
     * resolved before the head goes out, so a bad path is an error status, and the exact length is announced.
     */
    private void cat(RpcRequest req, RpcResponse res) throws IOException {
        List<String> paths = req.requireArgs("ipfs-path");
        long offset = req.number(0, "offset", "o");
        Long length = req.optionalNumber("length", "l");
        if (offset < 0) {
            throw new RpcException("cannot specify negative offset");
        }
        if (length != null && length < 0) {
            throw new RpcException("cannot specify negative length");
        }
        UnixFsReader reader = reader();
        List<Cid> files = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (String p : paths) {
            Cid cid = ContentPaths.resolve(p, reader);
            UnixFsNode node = reader.load(cid);
            if (node.isDirectory()) {
                throw new RpcException("this dag node is a directory");
            }
            if (!node.isFile()) {
                throw new RpcException(p + " is a " + node.type().name().toLowerCase(java.util.Locale.ROOT)
                        + ", which cat cannot read");
            }
            files.add(cid);
            sizes.add(node.fileSize());
        }
        long total = 0;
        for (long s : sizes) {
            total += s;
        }
        long left = Math.max(0, total - offset);
        if (length != null) {
            left = Math.min(left, length);
        }
        long skip = offset;
        try (OutputStream out = res.bytes(left)) {
            byte[] buffer = new byte[1 << 16];
            for (int i = 0; i < files.size() && left > 0; i++) {
                if (skip >= sizes.get(i)) {
                    skip -= sizes.get(i);
                    continue;
                }
                try (InputStream in = reader.open(files.get(i), skip, left)) {
                    skip = 0;
                    for (int n = in.read(buffer); n >= 0 && left > 0; n = in.read(buffer)) {
                        int k = (int) Math.min(n, left);
                        out.write(buffer, 0, k);
                        left -= k;
                    }
                }
            }
        }
    }

    /**
     * {@code {"Objects":[{"Hash":<arg>,"Links":[...]}]}}: one object for every argument, entries sorted by name;
     * with {@code stream}, one line per entry, in directory order.
     */
    private void ls(RpcRequest req, RpcResponse res) throws IOException {
        List<String> paths = req.requireArgs("ipfs-path");
        boolean resolveType = req.bool(true, "resolve-type");
        boolean size = req.bool(true, "size");
        boolean stream = req.bool(false, "stream", "s");
        UnixFsReader reader = reader();
        if (stream) {
            List<Cid> roots = new ArrayList<>();
            for (String p : paths) {
                roots.add(ContentPaths.resolve(p, reader));
            }
            try (RpcResponse.Ndjson out = res.stream()) {
                for (int i = 0; i < paths.size(); i++) {
                    for (Map<String, Object> link : links(reader, roots.get(i), resolveType || size)) {
                        out.emit(Map.of("Objects", List.of(object(paths.get(i), List.of(link)))));
                    }
                }
            }
            return;
        }
        List<Object> objects = new ArrayList<>();
        for (String p : paths) {
            List<Map<String, Object>> links = links(reader, ContentPaths.resolve(p, reader), resolveType || size);
            links.sort(Comparator.comparing(l -> ((String) l.get("Name")).getBytes(StandardCharsets.UTF_8),
                    Arrays::compareUnsigned));
            objects.add(object(p, links));
        }
        res.json(Map.of("Objects", objects));
    }

    private static Map<String, Object> object(String hash, List<Map<String, Object>> links) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("Hash", hash);
        o.put("Links", links);
        return o;
    }

    /** A directory's entries, or a file node's links (with empty names), as Kubo's LsLink values. */
    private static List<Map<String, Object>> links(UnixFsReader reader, Cid cid, boolean resolve) throws IOException {
        UnixFsNode node = reader.load(cid);
        List<DirectoryItem> items = new ArrayList<>();
        if (node.isDirectory()) {
            items.addAll(reader.list(cid));
        } else if (!node.isRaw()) {
            for (PbLink l : node.pb().links()) {
                items.add(new DirectoryItem(l.name() == null ? "" : l.name(), l.hash(),
                        l.tsize() == null ? 0 : l.tsize()));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (DirectoryItem item : items) {
            out.add(link(reader, item, resolve));
        }
        return out;
    }

    /**
     * Kubo's {@code processLink}: a raw child is a file sized by its link's Tsize; a dag-pb child, when resolving,
     * is typed by its UnixFS type and sized by its {@code filesize} (0 when absent).
     */
    private static Map<String, Object> link(UnixFsReader reader, DirectoryItem item, boolean resolve)
            throws IOException {
        Cid cid = item.cid();
        long size = 0;
        int type = 0;
        String target = "";
        if (cid.isCodec(Multicodec.RAW)) {
            size = item.tsize();
            type = UnixFsType.FILE.number();
        } else if (cid.isCodec(Multicodec.DAG_PB) && resolve) {
            UnixFsNode child = reader.load(cid);
            UnixFsType t = child.type();
            type = t == UnixFsType.HAMT_SHARD ? UnixFsType.DIRECTORY.number()
                    : t == UnixFsType.RAW ? UnixFsType.FILE.number() : t.number();
            Long fileSize = child.unixfs().fileSize();
            size = t.isDirectory() || fileSize == null ? 0 : fileSize;
            if (t == UnixFsType.SYMLINK) {
                byte[] data = child.unixfs().data();
                target = data == null ? "" : new String(data, StandardCharsets.UTF_8);
            }
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("Name", item.name());
        l.put("Hash", cid.toString());
        l.put("Size", size);
        l.put("Type", type);
        l.put("Target", target);
        l.put("Mode", 0);
        l.put("ModTime", "0001-01-01T00:00:00Z");
        return l;
    }
}
