package io.cairn.storage.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-file replacement that a crash cannot tear: write a temporary file in the same directory, fsync it, rename
 * it over the target, fsync the directory. A reader sees the old file or the new one, never a mix; after return,
 * the new one survives power loss.
 */
final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {}

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Replaces {@code target} with {@code data}; on POSIX file systems the file gets {@code perms}. */
    static void write(Path target, byte[] data, Set<PosixFilePermission> perms) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // createTempFile makes the file owner-only on POSIX from the start, so a secret is never briefly exposed.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (posix()) {
                Files.setPosixFilePermissions(tmp, perms);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /** Makes a rename or a new entry in {@code dir} durable. */
    static void syncDirectory(Path dir) throws IOException {
        if (!posix()) {
            return;                         // Windows cannot open a directory for fsync; NTFS journals renames
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems (and macOS before Java 20) refuse fsync on a directory; the rename is still atomic.
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }
}
