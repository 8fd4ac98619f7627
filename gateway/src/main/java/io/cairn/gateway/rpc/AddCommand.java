package io.cairn.gateway.rpc;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.ImportProfile;
import io.cairn.core.importer.InvalidImportOptionsException;
import io.cairn.core.importer.Layout;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.unixfs.DirectoryBuilder;
import io.cairn.core.unixfs.DirectoryEntry;
import io.cairn.core.unixfs.ShardSizeEstimation;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code add}: files and directories from a {@code multipart/form-data} body, as kubo-rpc-client and Kubo's own
 * client send them: one part per file ({@code application/octet-stream}), directory
 * ({@code application/x-directory}) or symlink ({@code application/symlink}, the target as body), named by its
 * URL-escaped path in the {@code filename} parameter, parents before children.
 *
 * <p>Each file is chunked straight from the request body into the backend's write, so memory stays flat. The
 * answer is an NDJSON stream of Kubo's AddEvents: {@code {"Name","Hash","Size"}} per item, files as they are built
 * and each top-level directory's directories children-first once the next top-level entry begins (as
 * {@code ipfs add} reports each argument completely before the next), the wrapping directory last under the empty
 * name; with {@code progress}, {@code {"Name","Bytes"}} as a file's bytes go by. A file part with an empty name is
 * named by its CID, as {@code ipfs add} names standard input. Roots are pinned with the commit unless
 * {@code pin=false}; the stream ends only once the add is durable.
 */
final class AddCommand implements RpcCommand {
    private static final long PROGRESS_STEP = 256 * 1024;

    private final RpcBackend backend;

    AddCommand(RpcBackend backend) {
        this.backend = backend;
    }

    /** A directory being assembled from parts; entries by name. */
    private static final class Dir {
        final String path;
        final Map<String, Object> entries = new TreeMap<>(
                Comparator.comparing((String s) -> s.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));

        Dir(String path) {
            this.path = path;
        }
    }

    @Override
    public void run(RpcRequest req, RpcResponse res) throws IOException {
        ImportOptions options = options(req);
        boolean pin = req.bool(true, "pin");
        String pinName = req.string("pin-name");
        if (pinName != null && !pin) {
            throw RpcException.client("pin-name option requires pin to be set");
        }
        boolean progress = req.bool(false, "progress", "p");
        boolean onlyHash = req.bool(false, "only-hash", "n");
        MultipartReader parts = req.multipart();
        // The first part is checked before the stream starts, so that a request that is wrong from the start gets
        // an error status; later failures can only end the stream (see RpcServer).
        MultipartReader.Part first = parts.next();
        if (first == null) {
            throw RpcException.client("expected a file argument");
        }
        segments(RpcRequest.unescape(first.fileName() == null ? "" : first.fileName(), false));
        try (RpcBackend.Writes writes = onlyHash ? null : backend.beginWrite()) {
            BlockSink sink = onlyHash ? BlockSink.DISCARD : writes;
            try (RpcResponse.Ndjson out = res.stream()) {
                Session s = new Session(options, sink, out, progress);
                for (MultipartReader.Part part = first; part != null; part = parts.next()) {
                    s.add(part);
                }
                List<Cid> roots = s.finish();
                if (writes != null) {
                    writes.commit(pin ? roots : List.of(), pinName);
                }
            }
        }
    }

    /** One add's state: the top-level entries, the current top-level directory tree, the sink and the output. */
    private static final class Session {
        private final ImportOptions options;
        private final BlockSink sink;
        private final RpcResponse.Ndjson out;
        private final boolean progress;
        private final DirectoryBuilder directories;
        /** Top-level entries, in arrival order, by name. */
        private final Map<String, FileLink> top = new LinkedHashMap<>();
        /** Directories of the current top-level entry, by path; reported when it is complete. */
        private final Map<String, Dir> dirs = new LinkedHashMap<>();
        /** With -w, directories already complete but reported only with the wrapper. */
        private final List<Map<String, Object>> deferred = new ArrayList<>();
        private String currentTop;
        private int count;

        Session(ImportOptions options, BlockSink sink, RpcResponse.Ndjson out, boolean progress) {
            this.options = options;
            this.sink = sink;
            this.out = out;
            this.progress = progress;
            this.directories = DirectoryBuilder.create()
                    .cidVersion(options.cidVersion())
                    .hashFunction(options.hash())
                    .shardingThreshold(options.shardThreshold())
                    .sizeEstimation(options.blockBytesShardEstimate() ? ShardSizeEstimation.BLOCK_BYTES
                            : ShardSizeEstimation.LINKS_BYTES);
        }

        void add(MultipartReader.Part part) throws IOException {
            String type = part.contentType();
            String raw = part.fileName() == null ? "" : part.fileName();
            List<String> segments = segments(RpcRequest.unescape(raw, false));
            count++;
            if (segments.isEmpty()) {
                if (type.startsWith("application/x-directory")) {
                    throw RpcException.client("a directory part needs a name");
                }
                closeTop();
                FileLink link = file(part.body(), "");
                String name = link.cid().toString();
                emitAdded(name, link);
                putTop(name, link);
                return;
            }
            String first = segments.get(0);
            if (!first.equals(currentTop)) {
                closeTop();
                if (top.containsKey(first)) {
                    throw RpcException.client("file name " + first + " repeated in the request");
                }
                currentTop = first;
            }
            String path = String.join("/", segments);
            Dir parent = segments.size() > 1 ? directory(segments.subList(0, segments.size() - 1)) : null;
            String name = segments.get(segments.size() - 1);
            if (type.startsWith("application/x-directory")) {
                directory(segments);
                return;
            }
            FileLink link = type.startsWith("application/symlink")
                    ? symlink(new String(part.body().readNBytes(4096), StandardCharsets.UTF_8))
                    : file(part.body(), path);
            emitAdded(path, link);
            if (parent != null) {
                parent.entries.put(name, link);
            } else {
                putTop(name, link);
                currentTop = null;
            }
        }

        /**
         * The directory at {@code segments}, created (with its parents) when no part named it: kubo-rpc-client sends
         * {@code dir/a.txt} without a part for {@code dir}, and Kubo creates the directory.
         */
        private Dir directory(List<String> segments) {
            String path = String.join("/", segments);
            Dir d = dirs.get(path);
            if (d == null) {
                d = new Dir(path);
                dirs.put(path, d);
                if (segments.size() > 1) {
                    directory(segments.subList(0, segments.size() - 1)).entries.put(segments.get(segments.size() - 1),
                            d);
                }
            }
            return d;
        }

        /** Builds the current top-level directory (children first) and reports its directories. */
        private void closeTop() throws IOException {
            if (currentTop == null) {
                return;
            }
            Dir root = dirs.get(currentTop);
            if (root != null) {
                List<Map<String, Object>> events = new ArrayList<>();
                FileLink link = build(root, events);
                if (options.wrapWithDirectory()) {
                    deferred.addAll(events);
                } else {
                    for (Map<String, Object> e : events) {
                        out.emit(e);
                    }
                }
                putTop(currentTop, link);
            }
            dirs.clear();
            currentTop = null;
        }

        /** Builds {@code dir}, appending its directories' events children-first (sub-directories by name). */
        private FileLink build(Dir dir, List<Map<String, Object>> events) throws IOException {
            List<DirectoryEntry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : dir.entries.entrySet()) {
                FileLink link = e.getValue() instanceof Dir ? build((Dir) e.getValue(), events)
                        : (FileLink) e.getValue();
                entries.add(new DirectoryEntry(e.getKey(), link.cid(), link.tsize()));
            }
            DirectoryEntry built = directories.build("", entries, sink);
            FileLink link = new FileLink(built.cid(), 0, built.tsize());
            events.add(added(dir.path, link));
            return link;
        }

        private void putTop(String name, FileLink link) {
            top.put(name, link);
        }

        /** Completes the add; returns the roots to pin: each top-level entry's, or the wrapping directory. */
        List<Cid> finish() throws IOException {
            closeTop();
            if (count == 0) {
                throw RpcException.client("expected a file argument");
            }
            if (options.wrapWithDirectory()) {
                List<DirectoryEntry> entries = new ArrayList<>();
                for (Map.Entry<String, FileLink> e : top.entrySet()) {
                    entries.add(new DirectoryEntry(e.getKey(), e.getValue().cid(), e.getValue().tsize()));
                }
                entries.sort(Comparator.comparing(e -> e.name().getBytes(StandardCharsets.UTF_8),
                        Arrays::compareUnsigned));
                DirectoryEntry built = directories.build("", entries, sink);
                FileLink root = new FileLink(built.cid(), 0, built.tsize());
                for (Map<String, Object> e : deferred) {
                    out.emit(e);
                }
                emitAdded("", root);
                return List.of(root.cid());
            }
            List<Cid> roots = new ArrayList<>();
            top.values().forEach(l -> roots.add(l.cid()));
            return roots;
        }

        private FileLink file(InputStream body, String name) throws IOException {
            InputStream in = progress ? new Progress(body, name, out) : body;
            FileLink link = FileDagBuilder.build(in, options, sink);
            if (progress) {
                ((Progress) in).report();
            }
            return link;
        }

        private FileLink symlink(String target) throws IOException {
            byte[] unixfs = UnixFsData.builder(UnixFsType.SYMLINK).data(target.getBytes(StandardCharsets.UTF_8))
                    .build().toBytes();
            byte[] bytes = DagPb.encode(new PbNode(List.of(), unixfs));
            Cid cid = options.cidVersion() == 0 && options.hash() == HashFunction.SHA2_256
                    ? Cid.of(0, Multicodec.DAG_PB, options.hash(), bytes)
                    : Cid.of(1, Multicodec.DAG_PB, options.hash(), bytes);
            sink.put(new Block(cid, bytes));
            return new FileLink(cid, 0, bytes.length);
        }

        private void emitAdded(String name, FileLink link) throws IOException {
            out.emit(added(name, link));
        }

        private static Map<String, Object> added(String name, FileLink link) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("Name", name);
            e.put("Hash", link.cid().toString());
            e.put("Size", Long.toString(link.tsize()));
            return e;
        }
    }

    /** Counts a file's bytes and reports {@code {"Name","Bytes"}} every 256 KiB and at its end. */
    private static final class Progress extends FilterInputStream {
        private final String name;
        private final RpcResponse.Ndjson out;
        private long bytes;
        private long reported;

        Progress(InputStream in, String name, RpcResponse.Ndjson out) {
            super(in);
            this.name = name;
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws IOException {
            bytes += n;
            if (bytes - reported >= PROGRESS_STEP) {
                report();
            }
        }

        void report() throws IOException {
            reported = bytes;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("Name", name);
            e.put("Bytes", bytes);
            out.emit(e);
        }
    }

    /** A part's path split into names; {@code .} and empty segments dropped, {@code ..} refused. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                throw RpcException.client("invalid file name " + path + ": '..' is not allowed");
            }
            out.add(s);
        }
        return out;
    }

    /** Kubo's add options, on top of the profile (IPIP-499) when one is named. */
    /**
     * The request's parameters over the node's configured import defaults, as Kubo's add decides them: a
     * parameter given wins; without {@code profile} (which sets every CID-changing value itself) the config's
     * {@code Import.*} value comes next; then the built-in default.
     */
    private ImportOptions options(RpcRequest req) throws IOException {
        ImportOptions.Builder b = ImportOptions.builder();
        try {
            String profile = req.string("profile");
            if (profile != null) {
                b.profile(ImportProfile.forName(profile));
            } else {
                backend.applyImportDefaults(b);
            }
            Long cidVersion = req.optionalNumber("cid-version");
            if (cidVersion != null) {
                b.cidVersion(cidVersion.intValue());
            }
            String hash = req.string("hash");
            if (hash != null) {
                b.hash(HashFunction.forName(hash));
            }
            Boolean rawLeaves = req.optionalBool("raw-leaves");
            if (rawLeaves != null) {
                b.rawLeaves(rawLeaves);
            }
            String chunker = req.string("chunker", "s");
            if (chunker != null && !chunker.isEmpty()) {
                b.chunker(chunker);
            }
            Long maxLinks = req.optionalNumber("max-file-links");
            if (maxLinks != null) {
                b.maxLinks(maxLinks.intValue());
            }
            Boolean trickle = req.optionalBool("trickle", "t");
            if (trickle != null) {
                b.layout(trickle ? Layout.TRICKLE : Layout.BALANCED);
            }
            return b.wrapWithDirectory(req.bool(false, "wrap-with-directory", "w"))
                    .build();
        } catch (InvalidImportOptionsException | IllegalArgumentException e) {
            throw RpcException.client(e.getMessage());
        }
    }
}
