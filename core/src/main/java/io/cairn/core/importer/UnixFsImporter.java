package io.cairn.core.importer;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.unixfs.DirectoryBuilder;
import io.cairn.core.unixfs.DirectoryEntry;
import io.cairn.core.unixfs.HamtNames;
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
import java.util.Map;
import java.util.TreeMap;

/**
 * Imports files and directory trees the way {@code ipfs add} does, reporting what it added in Kubo's order
 * (kubo {@code core/coreunix/add.go} and {@code core/commands/add.go}): path arguments sorted by base name, each
 * reported completely before the next; within one, each file as soon as it is built, then the directories
 * children-first (Kubo's {@code outputDirs}, which lists a parent's sub-directories in link order: by name in a
 * plain directory, in trie order in a HAMT); with {@code -w} the wrapping directory last under the empty name.
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
        listener.added(link.cid().toString(), link);
        if (options.wrapWithDirectory()) {
            FileLink root = directory(List.of(new DirectoryEntry(link.cid().toString(), link.cid(), link.tsize())));
            listener.added("", root);
            return root;
        }
        return link;
    }

    /**
     * Adds each path under its base name (directories recursively), as {@code ipfs add} adds its arguments: sorted
     * by the UTF-8 bytes of their base names, a path given twice added once, and each reported completely (its
     * files, then its directories children-first) before the next. With wrapping, returns the wrapping directory,
     * reported last; otherwise the last path's root.
     *
     * @throws InvalidImportOptionsException if two different paths have the same base name, as Kubo refuses
     *     ("file name repeated under different import directories")
     */
    public FileLink addPaths(List<Path> paths) throws IOException {
        List<DirectoryEntry> top = new ArrayList<>();
        List<PendingDir> pendingDirs = new ArrayList<>();
        FileLink last = null;
        for (Path p : commandLineOrder(paths)) {
            String name = baseName(p);
            if (options.wrapWithDirectory()) {
                last = addAny(p, name, pendingDirs);
            } else {
                // Kubo adds each argument in a pass of its own, so its directories follow its files at once.
                List<PendingDir> dirs = new ArrayList<>();
                last = addAny(p, name, dirs);
                report(dirs, false);
            }
            top.add(new DirectoryEntry(name, last.cid(), last.tsize()));
        }
        if (options.wrapWithDirectory()) {
            FileLink root = directory(top);
            report(pendingDirs, directories.wouldShard(top));
            listener.added("", root);
            return root;
        }
        return last;
    }

    /**
     * The order Kubo's command line gives its path arguments (go-ipfs-cmds {@code parseArgs}): by base name,
     * compared as bytes; a repeated path (same cleaned parent directory and name) dropped; the same base name
     * under two different parents refused.
     */
    private static List<Path> commandLineOrder(List<Path> paths) {
        Map<String, Path> byName = new TreeMap<>(Comparator.comparing(UnixFsImporter::utf8, Arrays::compareUnsigned));
        for (Path p : paths) {
            String name = baseName(p);
            Path before = byName.putIfAbsent(name, p);
            if (before != null && !parentOf(before).equals(parentOf(p))) {
                throw new InvalidImportOptionsException("file name " + name + " repeated under different import "
                        + "directories: " + parentOf(p) + " and " + parentOf(before));
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** {@code filepath.Dir(filepath.Clean(p))}. */
    private static String parentOf(Path p) {
        Path parent = p.normalize().getParent();
        return parent == null ? (p.isAbsolute() ? p.getRoot().toString() : ".") : parent.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private FileLink addAny(Path p, String displayPath, List<PendingDir> pendingDirs) throws IOException {
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

    private FileLink addDirectory(Path dir, String displayPath, List<PendingDir> pendingDirs) throws IOException {
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
        List<PendingDir> childDirs = new ArrayList<>();
        for (Path c : children) {
            String name = c.getFileName().toString();
            if (!options.includeEmptyDirs() && isEmptyDirectory(c)) {
                continue;
            }
            FileLink link = addAny(c, displayPath + "/" + name, childDirs);
            entries.add(new DirectoryEntry(name, link.cid(), link.tsize()));
        }
        FileLink root = directory(entries);
        boolean sharded = directories.wouldShard(entries);
        pendingDirs.add(new PendingDir(baseName(dir), () -> {
            report(childDirs, sharded);
            listener.added(displayPath, root);
        }));
        return root;
    }

    /**
     * Reports the directories of one parent, each after its own sub-directories, in the order Kubo's
     * {@code outputDirs} lists the parent: link order, which is name order for a plain directory and trie order
     * (bucket by bucket, depth first) for a HAMT.
     */
    private void report(List<PendingDir> dirs, boolean sharded) {
        List<PendingDir> ordered = new ArrayList<>(dirs);
        ordered.sort(sharded ? Comparator.comparing(PendingDir::name, hamtOrder(directories.fanout()))
                : Comparator.comparing(d -> utf8(d.name()), Arrays::compareUnsigned));
        for (PendingDir d : ordered) {
            d.report().run();
        }
    }

    /** The order in which a walk of a HAMT of {@code fanout} meets names: by bucket at each level in turn. */
    private static Comparator<String> hamtOrder(int fanout) {
        return (a, b) -> {
            HamtNames x = new HamtNames(a, fanout);
            HamtNames y = new HamtNames(b, fanout);
            // Distinct names part within the first levels; the bound only guards against a broken hash.
            for (int level = 0; level < 64; level++) {
                int c = x.prefixAt(level).compareTo(y.prefixAt(level));
                if (c != 0) {
                    return c;
                }
            }
            return Arrays.compareUnsigned(utf8(a), utf8(b));
        };
    }

    /** A directory whose "added" events wait until its parent is complete; {@code name} is its link name. */
    private record PendingDir(String name, Runnable report) {
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
