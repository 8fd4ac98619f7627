package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.DirectoryItem;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.core.unixfs.UnixFsMtime;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes a UnixFS DAG to disk for {@code cairn get}, with the semantics of boxo's tar {@code Extractor}, which is
 * what {@code ipfs get} unpacks through: a directory root becomes the output directory (created, or merged into
 * if it exists); a file or symlink root becomes the output path, or goes inside it under its own name if the output
 * is an existing directory; existing files and symlinks are replaced.
 *
 * <p>The DAG is untrusted, so nothing is ever written outside the output: every entry name must be one path
 * component (not empty, not {@code .} or {@code ..}, no {@code /} or NUL); a directory on the way must be a real
 * directory, never a symlink (so a planted link cannot redirect later writes); files are created with
 * {@code CREATE_NEW} after removing what was there, so an existing symlink is replaced, not followed. Symlink
 * targets are written as they are (they may point anywhere, as in Kubo) and are never followed here.
 *
 * <p>Directories are walked with an explicit stack, so a deep DAG cannot overflow the call stack. UnixFS modes and
 * modification times are restored where present; a directory's are set after its contents are written.
 */
final class TreeExtractor {
    private final UnixFsReader reader;
    private final Deque<Runnable> deferred = new ArrayDeque<>();
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    TreeExtractor(UnixFsReader reader) {
        this.reader = reader;
    }

    /** A directory to fill: its CID and where it is written. */
    private record Pending(Cid cid, Path path) {}

    /** Writes the DAG at {@code root} to {@code out}; {@code rootName} names a file root put inside a directory. */
    void extract(Cid root, String rootName, Path out) throws IOException {
        UnixFsNode node = reader.load(root);
        if (node.isDirectory()) {
            if (Files.isSymbolicLink(out)) {
                throw new UserException("cannot extract to " + out + ": it is a symlink");
            }
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserException("cannot extract a directory to " + out + ": a file is there");
            }
            Files.createDirectories(out);
            metadata(node, out, true);
            fill(new Pending(root, out));
        } else {
            Path target = out;
            if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
                target = child(out, rootName, root);
            }
            writeLeaf(node, target);
        }
        // Innermost directories first, as their parents' times would change when children are added.
        while (!deferred.isEmpty()) {
            deferred.pop().run();
        }
    }

    private void fill(Pending top) throws IOException {
        Deque<Pending> todo = new ArrayDeque<>();
        todo.push(top);
        while (!todo.isEmpty()) {
            Pending dir = todo.pop();
            for (DirectoryItem item : reader.list(dir.cid())) {
                Path path = child(dir.path(), item.name(), dir.cid());
                UnixFsNode node = reader.load(item.cid());
                if (node.isDirectory()) {
                    makeDirectory(path);
                    metadata(node, path, true);
                    todo.push(new Pending(item.cid(), path));
                } else {
                    writeLeaf(node, path);
                }
            }
        }
    }

    /** {@code dir/name}, refusing any name that is not exactly one harmless path component. */
    private static Path child(Path dir, String name, Cid parent) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0 || (java.io.File.separatorChar != '/'
                        && name.indexOf(java.io.File.separatorChar) >= 0)) {
            throw new UserException("refusing to write the entry named \"" + LsCommand.escapeNonPrint(name)
                    + "\" of " + parent + ": a name must be a single path component");
        }
        try {
            Path p = dir.resolve(name);
            if (!dir.equals(p.getParent())) {
                throw new UserException("refusing to write the entry named \"" + LsCommand.escapeNonPrint(name)
                        + "\" of " + parent + ": it does not name an entry of " + dir);
            }
            return p;
        } catch (InvalidPathException e) {
            throw new UserException("cannot write the entry named \"" + LsCommand.escapeNonPrint(name) + "\" of "
                    + parent + " on this file system: " + e.getReason());
        }
    }

    private static void makeDirectory(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserException("cannot extract a directory to " + path + ": a file or symlink is there");
        }
        Files.createDirectory(path);
    }

    private void writeLeaf(UnixFsNode node, Path path) throws IOException {
        UnixFsType type = node.type();
        if (type == UnixFsType.SYMLINK) {
            String target = new String(node.unixfs().data() == null ? new byte[0] : node.unixfs().data(),
                    StandardCharsets.UTF_8);
            Files.deleteIfExists(path);
            try {
                Files.createSymbolicLink(path, Path.of(target));
            } catch (InvalidPathException e) {
                throw new UserException("cannot create symlink " + path + " to \"" + LsCommand.escapeNonPrint(target)
                        + "\": " + e.getReason());
            }
            return;
        }
        if (!node.isFile()) {
            throw new UserException("cannot write " + node.cid() + " to " + path + ": UnixFS type " + type
                    + " is neither a file, a directory nor a symlink");
        }
        // Replaces a file, a symlink or an empty directory; a directory with contents stays and this fails.
        Files.deleteIfExists(path);
        try (InputStream in = reader.open(node.cid());
                OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        }
        metadata(node, path, false);
    }

    /** Applies UnixFS 1.5 mode and mtime, now for a file, after its contents for a directory. */
    private void metadata(UnixFsNode node, Path path, boolean directory) throws IOException {
        if (node.unixfs() == null) {
            return;
        }
        Integer mode = node.unixfs().mode();
        UnixFsMtime mtime = node.unixfs().mtime();
        if (mode == null && mtime == null) {
            return;
        }
        if (!directory) {
            apply(path, mode, mtime);
            return;
        }
        deferred.push(() -> {
            try {
                apply(path, mode, mtime);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void apply(Path path, Integer mode, UnixFsMtime mtime) throws IOException {
        if (mode != null && posix) {
            Files.setPosixFilePermissions(path, permissions(mode));
        }
        if (mtime != null) {
            Files.setLastModifiedTime(path, FileTime.from(mtime.toInstant()));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }
}
