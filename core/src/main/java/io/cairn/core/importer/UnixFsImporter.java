package io.cairn.core.importer;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.unixfs.DirectoryBuilder;
import io.cairn.core.unixfs.DirectoryEntry;
import io.cairn.core.unixfs.ShardSizeEstimation;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Imports files and directory trees the way {@code ipfs add} does, reporting what it added in Kubo's order: each
 * file as soon as it is built, then the directories children-first (Kubo's {@code outputDirs}), and with
 * {@code -w} the wrapping directory last under the empty name.
 *
 * <p>Kubo's rules kept here: names starting with a dot are skipped inside directories unless hidden files are
 * included; symlinks are stored as UnixFS symlinks (never followed); empty directories are kept unless excluded;
 * entries are visited in the byte order of their UTF-8 names.
 */
public final class UnixFsImporter {
    /** Receives each added item: its display path (as Kubo prints it) and root link. */
    @FunctionalInterface
    public interface Listener {
        void added(String path, FileLink link);
    }

    private final ImportOptions options;
    private final BlockSink sink;
    private final Listener listener;
    private final BlockFactory factory;
    private final DirectoryBuilder directories;

    public UnixFsImporter(ImportOptions options, BlockSink sink, Listener listener) {
        this.options = options;
        this.sink = sink;
        this.listener = listener;
        this.factory = new BlockFactory(options);
        this.directories = directoryBuilder(options);
    }

    /** Adds a stream as one file; Kubo names it by its own CID. */
    public FileLink addStream(InputStream in) throws IOException {
        FileLink link = FileDagBuilder.build(in, options, sink);
        if (options.wrapWithDirectory()) {
            return wrap(List.of(new DirectoryEntry(link.cid().toString(), link.cid(), link.tsize())), List.of(
                    () -> listener.added(link.cid().toString(), link)));
        }
        listener.added(link.cid().toString(), link);
        return link;
    }

    /**
     * Adds each path under its base name (directories recursively). With wrapping, returns the wrapping
     * directory; otherwise the last path's root.
     */
    public FileLink addPaths(List<Path> paths) throws IOException {
        List<DirectoryEntry> top = new ArrayList<>();
        List<Runnable> pendingDirs = new ArrayList<>();
        FileLink last = null;
        for (Path p : paths) {
            String name = baseName(p);
            last = addAny(p, name, pendingDirs);
            top.add(new DirectoryEntry(name, last.cid(), last.tsize()));
        }
        if (options.wrapWithDirectory()) {
            return wrap(top, pendingDirs);
        }
        pendingDirs.forEach(Runnable::run);
        return last;
    }

    private FileLink wrap(List<DirectoryEntry> entries, List<Runnable> pendingDirs) throws IOException {
        FileLink root = directory(entries);
        pendingDirs.forEach(Runnable::run);
        listener.added("", root);
        return root;
    }

    private FileLink addAny(Path p, String displayPath, List<Runnable> pendingDirs) throws IOException {
        if (Files.isSymbolicLink(p)) {
            FileLink link = symlink(Files.readSymbolicLink(p).toString());
            listener.added(displayPath, link);
            return link;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return addDirectory(p, displayPath, pendingDirs);
        }
        FileLink link;
        try (InputStream in = Files.newInputStream(p)) {
            link = FileDagBuilder.build(in, options, sink);
        }
        listener.added(displayPath, link);
        return link;
    }

    private FileLink addDirectory(Path dir, String displayPath, List<Runnable> pendingDirs) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                String name = c.getFileName().toString();
                if (!options.includeHidden() && name.startsWith(".")) {
                    continue;
                }
                children.add(c);
            }
        }
        children.sort(Comparator.comparing(c -> c.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                Arrays::compareUnsigned));
        List<DirectoryEntry> entries = new ArrayList<>();
        List<Runnable> childDirs = new ArrayList<>();
        for (Path c : children) {
            String name = c.getFileName().toString();
            if (!options.includeEmptyDirs() && isEmptyDirectory(c)) {
                continue;
            }
            FileLink link = addAny(c, displayPath + "/" + name, childDirs);
            entries.add(new DirectoryEntry(name, link.cid(), link.tsize()));
        }
        FileLink root = directory(entries);
        pendingDirs.add(() -> {
            childDirs.forEach(Runnable::run);
            listener.added(displayPath, root);
        });
        return root;
    }

    private boolean isEmptyDirectory(Path p) throws IOException {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path c : ds) {
                if (options.includeHidden() || !c.getFileName().toString().startsWith(".")) {
                    return false;
                }
            }
        }
        return true;
    }

    private FileLink directory(List<DirectoryEntry> entries) throws IOException {
        DirectoryEntry root = directories.build("", entries, sink);
        return new FileLink(root.cid(), 0, root.tsize());
    }

    private FileLink symlink(String target) throws IOException {
        byte[] unixfs = UnixFsData.builder(UnixFsType.SYMLINK).data(target.getBytes(StandardCharsets.UTF_8))
                .build().toBytes();
        Block block = factory.dagPb(DagPb.encode(new PbNode(List.of(), unixfs)));
        sink.put(block);
        return new FileLink(block.cid(), 0, block.size());
    }

    private static DirectoryBuilder directoryBuilder(ImportOptions o) {
        return DirectoryBuilder.create()
                .cidVersion(o.cidVersion())
                .hashFunction(o.hash())
                .shardingThreshold(o.shardThreshold())
                .sizeEstimation(o.blockBytesShardEstimate() ? ShardSizeEstimation.BLOCK_BYTES
                        : ShardSizeEstimation.LINKS_BYTES);
    }

    private static String baseName(Path p) {
        Path name = p.toAbsolutePath().normalize().getFileName();
        return name == null ? "" : name.toString();
    }
}
