package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.rpc.RpcClient;
import io.cairn.node.rpc.RpcClient.RpcCallException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The commands' remote path: the same arguments and the same output as the local path, through a running daemon's
 * RPC API. Each method reads the command object's parsed options and prints what its local path prints; a failure
 * reported by the daemon becomes a {@link UserException} with the daemon's message, which is the local path's
 * message (the API words errors as the command line does).
 */
final class RemoteCommands {
    private RemoteCommands() {}

    /** Runs {@code call}, turning the daemon's errors (also those met inside a stream) into user errors. */
    private interface Call {
        void run() throws IOException;
    }

    private static int run(Call call) throws IOException {
        try {
            call.run();
        } catch (RpcCallException e) {
            throw new UserException(e.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof RpcCallException) {
                throw new UserException(e.getCause().getMessage());
            }
            throw e;
        }
        return CairnMain.EXIT_OK;
    }

    private static Map<String, String> options(Object... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                m.put((String) pairs[i], String.valueOf(pairs[i + 1]));
            }
        }
        return m;
    }

    static int id(IdCommand c, RpcClient api, Invocation io) throws IOException {
        return run(() -> {
            JsonNode o = api.json("id", List.of(), Map.of());
            IdCommand.Identity self = new IdCommand.Identity(o.path("ID").asText(), o.path("PublicKey").asText(),
                    strings(o.get("Addresses")), o.path("AgentVersion").asText(), strings(o.get("Protocols")));
            io.out().print(c.format != null ? IdCommand.formatted(self, c.format) : IdCommand.json(self));
            io.out().flush();
        });
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static int cat(CatCommand c, RpcClient api, Invocation io) throws IOException {
        return run(() -> {
            try (InputStream in = api.call("cat", c.paths, options("offset", c.offset, "length", c.length), null)) {
                OutputStream out = io.stdout();
                in.transferTo(out);
                out.flush();
            }
        });
    }

    static int blockGet(BlockGetCommand c, RpcClient api, Invocation io) throws IOException {
        return run(() -> {
            try (InputStream in = api.call("block/get", List.of(c.cid), Map.of(), null)) {
                OutputStream out = io.stdout();
                in.transferTo(out);
                out.flush();
            }
        });
    }

    static int blockStat(BlockStatCommand c, RpcClient api, Invocation io) throws IOException {
        return run(() -> {
            JsonNode o = api.json("block/stat", List.of(c.cid), Map.of());
            io.out().println("Key: " + o.path("Key").asText());
            io.out().println("Size: " + o.path("Size").asLong());
            io.out().flush();
        });
    }

    static int blockPut(BlockPutCommand c, RpcClient api, Invocation io) throws IOException {
        List<Part> parts = new ArrayList<>();
        if (c.files.isEmpty()) {
            parts.add(new Part("", "application/octet-stream", () -> io.stdin().get()));
        } else {
            for (Path f : c.files) {
                parts.add(Part.file("", f));
            }
        }
        return run(() -> {
            Iterator<JsonNode> it = api.ndjson("block/put", List.of(), options("cid-codec", c.cidCodec,
                    "mhtype", c.mhtype, "mhlen", c.mhlen, "pin", c.pin, "allow-big-block", c.allowBigBlock),
                    multipart(parts));
            List<String> keys = new ArrayList<>();
            it.forEachRemaining(o -> keys.add(o.path("Key").asText()));
            keys.forEach(io.out()::println);
            io.out().flush();
        });
    }

    /**
     * {@code block rm}: Kubo's {@code {"Hash","Error"}} lines printed as the local path prints them, kept blocks on
     * stderr, then {@code some blocks not removed} if any was kept.
     */
    static int blockRm(BlockRmCommand c, RpcClient api, Invocation io) throws IOException {
        PrintWriter out = io.out();
        PrintWriter err = io.err();
        boolean[] someFailed = {false};
        try {
            run(() -> {
                Iterator<JsonNode> it = api.ndjson("block/rm", c.cids, options("force", c.force), null);
                while (it.hasNext()) {
                    JsonNode o = it.next();
                    String cid = o.path("Hash").asText();
                    if (o.hasNonNull("Error") && !o.get("Error").asText().isEmpty()) {
                        someFailed[0] = true;
                        out.flush();
                        err.println("cannot remove " + cid + ": " + o.get("Error").asText());
                        err.flush();
                    } else if (!c.quiet) {
                        out.println("removed " + cid);
                    }
                }
            });
        } finally {
            out.flush();
        }
        if (someFailed[0]) {
            throw new UserException("some blocks not removed");
        }
        return CairnMain.EXIT_OK;
    }

    /** {@code dag import}: each CAR (or stdin) one multipart part; the daemon's Root and Stats lines as text. */
    static int dagImport(DagImportCommand c, RpcClient api, Invocation io) throws IOException {
        List<Part> parts = new ArrayList<>();
        // Each part is named as the local path names its input, and the daemon puts that name in front of an
        // import error, so both paths print the same line.
        if (c.files.isEmpty()) {
            parts.add(new Part("standard input", "application/octet-stream", () -> io.stdin().get()));
        } else {
            for (Path f : c.files) {
                parts.add(Part.file(f.toString(), f));
            }
        }
        PrintWriter out = io.out();
        try {
            return run(() -> {
                Iterator<JsonNode> it = api.ndjson("dag/import", List.of(), options("pin-roots", c.pinRoots,
                        "stats", c.stats, "allow-big-block", c.allowBigBlock), multipart(parts));
                while (it.hasNext()) {
                    JsonNode o = it.next();
                    if (c.silent) {
                        continue;
                    }
                    if (o.has("Root")) {
                        JsonNode root = o.get("Root");
                        String error = root.path("PinErrorMsg").asText("");
                        out.println("Pinned root\t" + root.path("Cid").path("/").asText() + "\t"
                                + (error.isEmpty() ? "success" : "FAILED: " + error));
                    } else if (o.has("Stats")) {
                        JsonNode stats = o.get("Stats");
                        out.println("Imported " + stats.path("BlockCount").asLong() + " blocks ("
                                + stats.path("BlockBytesCount").asLong() + " bytes)");
                    }
                }
            });
        } finally {
            out.flush();
        }
    }

    /** {@code pin update}: the daemon answers {@code {"Pins":[old,new]}}, resolved. */
    static int pinUpdate(PinUpdateCommand c, RpcClient api, Invocation io) throws IOException {
        return run(() -> {
            JsonNode o = api.json("pin/update", List.of(c.from, c.to), options("unpin", c.unpin));
            JsonNode pins = o.path("Pins");
            io.out().println("updated " + pins.path(0).asText() + " to " + pins.path(1).asText());
            io.out().flush();
        });
    }

    static int pinAdd(PinAddCommand c, RpcClient api, Invocation io) throws IOException {
        return run(() -> {
            JsonNode o = api.json("pin/add", c.paths, options("recursive", c.recursive, "name", c.name));
            for (JsonNode cid : o.path("Pins")) {
                io.out().println("pinned " + cid.asText() + (c.recursive ? " recursively" : " directly"));
            }
            io.out().flush();
        });
    }

    static int pinRm(PinRmCommand c, RpcClient api, Invocation io) throws IOException {
        return run(() -> {
            JsonNode o = api.json("pin/rm", c.paths, options("recursive", c.recursive));
            for (JsonNode cid : o.path("Pins")) {
                io.out().println("unpinned " + cid.asText());
            }
            io.out().flush();
        });
    }

    static int pinLs(PinLsCommand c, RpcClient api, Invocation io) throws IOException {
        boolean withNames = c.names || c.nameFilter != null;
        PrintWriter out = io.out();
        try {
            return run(() -> {
                Iterator<JsonNode> it = api.ndjson("pin/ls", c.paths, options("type", c.type, "stream", true,
                        "names", withNames, "name", c.nameFilter), null);
                while (it.hasNext()) {
                    JsonNode p = it.next();
                    String cid = p.path("Cid").asText();
                    String type = p.path("Type").asText();
                    if (c.quiet) {
                        out.println(cid);
                    } else if (withNames) {
                        out.println(cid + " " + type + " " + p.path("Name").asText(""));
                    } else {
                        out.println(cid + " " + type);
                    }
                }
            });
        } finally {
            out.flush();
        }
    }

    static int repoStat(RepoStatCommand c, RpcClient api, Invocation io) throws IOException {
        return run(() -> {
            JsonNode o = api.json("repo/stat", List.of(), options("size-only", c.sizeOnly));
            TextTable table = new TextTable(0, 1);
            if (!c.sizeOnly) {
                table.row("NumObjects:", o.path("NumObjects").asLong());
            }
            table.row("RepoSize:", size(c.human, o.path("RepoSize").asLong()));
            table.row("StorageMax:", size(c.human, o.path("StorageMax").asLong()));
            if (!c.sizeOnly) {
                table.row("RepoPath:", o.path("RepoPath").asText());
                table.row("Version:", o.path("Version").asText());
            }
            table.printTo(io.out());
            io.out().flush();
        });
    }

    private static String size(boolean human, long bytes) {
        return human ? HumanBytes.format(bytes) : Long.toString(bytes);
    }

    static int repoGc(RepoGcCommand c, RpcClient api, Invocation io) throws IOException {
        PrintWriter out = io.out();
        try {
            return run(() -> {
                Iterator<JsonNode> it = api.ndjson("repo/gc", List.of(), Map.of(), null);
                while (it.hasNext()) {
                    String cid = it.next().path("Key").path("/").asText();
                    if (!c.silent) {
                        out.println((c.quiet ? "" : "removed ") + cid);
                    }
                }
            });
        } finally {
            out.flush();
        }
    }

    /** {@code ls}: the daemon's sorted entries, printed in the local path's aligned table. */
    static int ls(LsCommand c, RpcClient api, Invocation io) throws IOException {
        return run(() -> {
            JsonNode o = api.json("ls", c.paths, options("resolve-type", c.resolveType, "size", c.size));
            TextTable table = new TextTable(1, 1);
            JsonNode objects = o.path("Objects");
            for (int i = 0; i < objects.size(); i++) {
                if (c.paths.size() > 1) {
                    if (i > 0) {
                        table.line("");
                    }
                    table.line(c.paths.get(i) + ":");
                }
                if (c.headers) {
                    table.line(c.size ? "Hash\tSize\tName" : "Hash\tName");
                }
                for (JsonNode l : objects.get(i).path("Links")) {
                    String name = LsCommand.escapeNonPrint(l.path("Name").asText());
                    String cid = l.path("Hash").asText();
                    int type = l.path("Type").asInt();
                    if (type == 1 || type == 3 || type == 5) {
                        table.line(c.size ? cid + "\t-\t" + name + "/" : cid + "\t" + name + "/");
                    } else {
                        table.line(c.size ? cid + "\t" + l.path("Size").asLong() + "\t" + name : cid + "\t" + name);
                    }
                }
            }
            table.printTo(io.out());
            io.out().flush();
        });
    }

    /**
     * {@code add}: the arguments as Kubo's client sends them (multipart, parents before children, in the local
     * path's order: arguments by base name, entries by name, hidden names and empty directories filtered here as
     * the local walk filters them), and the daemon's AddEvents printed as the local path prints its lines.
     */
    static int add(AddCommand c, RpcClient api, Invocation io) throws IOException {
        List<Part> parts = new ArrayList<>();
        if (c.paths.isEmpty()) {
            parts.add(new Part("", "application/octet-stream", () -> io.stdin().get()));
        } else {
            List<Path> ordered = new ArrayList<>(c.paths);
            ordered.sort(Comparator.comparing(p -> baseName(p).getBytes(StandardCharsets.UTF_8),
                    Arrays::compareUnsigned));
            for (Path p : ordered) {
                walk(p, baseName(p), c, parts);
            }
        }
        PrintWriter out = io.out();
        try {
            return run(() -> {
                // trickle goes only when given: left out, the daemon's config (Import.UnixFSDAGLayout) decides.
                Iterator<JsonNode> it = api.ndjson("add", List.of(), options("cid-version", c.cidVersion,
                        "raw-leaves", c.rawLeaves, "chunker", c.chunker, "trickle", c.trickle ? true : null,
                        "wrap-with-directory", c.wrap, "hash", c.hash, "profile", c.profile,
                        "max-file-links", c.maxFileLinks, "pin", c.pin, "pin-name", c.pinName), multipart(parts));
                String last = null;
                while (it.hasNext()) {
                    JsonNode e = it.next();
                    if (!e.has("Hash")) {
                        continue;
                    }
                    String cid = e.path("Hash").asText();
                    String line = c.quiet || c.quieter ? cid : "added " + cid + " " + e.path("Name").asText();
                    if (c.silent) {
                        continue;
                    }
                    if (c.quieter) {
                        last = line;
                    } else {
                        out.println(line);
                    }
                }
                if (last != null) {
                    out.println(last);
                }
            });
        } finally {
            out.flush();
        }
    }

    private static void walk(Path p, String name, AddCommand c, List<Part> parts) throws IOException {
        if (Files.isSymbolicLink(p)) {
            String target = Files.readSymbolicLink(p).toString();
            parts.add(new Part(name, "application/symlink",
                    () -> new ByteArrayInputStream(target.getBytes(StandardCharsets.UTF_8))));
            return;
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            parts.add(Part.file(name, p));
            return;
        }
        parts.add(new Part(name, "application/x-directory", () -> InputStream.nullInputStream()));
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path child : ds) {
                if (c.hidden || !child.getFileName().toString().startsWith(".")) {
                    children.add(child);
                }
            }
        }
        children.sort(Comparator.comparing(ch -> ch.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                Arrays::compareUnsigned));
        for (Path child : children) {
            if (!c.emptyDirs && isEmptyDir(child, c.hidden)) {
                continue;
            }
            walk(child, name + "/" + child.getFileName(), c, parts);
        }
    }

    private static boolean isEmptyDir(Path p, boolean hidden) throws IOException {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path child : ds) {
                if (hidden || !child.getFileName().toString().startsWith(".")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String baseName(Path p) {
        Path name = p.toAbsolutePath().normalize().getFileName();
        return name == null ? "" : name.toString();
    }

    /** One multipart part: its path (URL-escaped into {@code filename}), content type and lazily opened body. */
    private record Part(String path, String contentType, Supplier<InputStream> body) {
        static Part file(String path, Path file) {
            return new Part(path, "application/octet-stream", () -> {
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** A streamed multipart body: each part's file is opened only when the upload reaches it. */
    private static RpcClient.Body multipart(List<Part> parts) {
        String boundary = "cairn-" + UUID.randomUUID();
        return new RpcClient.Body("multipart/form-data; boundary=" + boundary, () -> {
            List<Supplier<InputStream>> pieces = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                Part p = parts.get(i);
                String head = (i > 0 ? "\r\n" : "") + "--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\""
                        + URLEncoder.encode(p.path(), StandardCharsets.UTF_8).replace("+", "%20") + "\"\r\n"
                        + "Content-Type: " + p.contentType() + "\r\n\r\n";
                pieces.add(() -> new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)));
                pieces.add(p.body());
            }
            String tail = (parts.isEmpty() ? "" : "\r\n") + "--" + boundary + "--\r\n";
            pieces.add(() -> new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8)));
            Iterator<Supplier<InputStream>> it = pieces.iterator();
            return new SequenceInputStream(Collections.enumeration(new AbstractLazyList(it)));
        });
    }

    /** Opens each piece only when the sequence reaches it (so files are not all open at once). */
    private static final class AbstractLazyList extends java.util.AbstractList<InputStream> {
        private final List<Supplier<InputStream>> suppliers = new ArrayList<>();

        AbstractLazyList(Iterator<Supplier<InputStream>> it) {
            it.forEachRemaining(suppliers::add);
        }

        @Override
        public InputStream get(int index) {
            return suppliers.get(index).get();
        }

        @Override
        public int size() {
            return suppliers.size();
        }
    }
}
