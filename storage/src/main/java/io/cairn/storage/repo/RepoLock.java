package io.cairn.storage.repo;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive write lock on a repository: an OS lock ({@link FileChannel#tryLock()}) on {@code repo.lock}, into
 * which the holder writes its process ID so that a refused opener can say who holds it. The OS drops the lock when
 * the holder dies, so a crash never leaves a repository locked; the file itself stays.
 *
 * <p>Invariant: this JVM opens a channel on a lock file only after claiming its directory in {@link #HELD}. POSIX
 * record locks belong to the process, and closing <em>any</em> descriptor of the file releases them, so a second
 * open-and-close of {@code repo.lock} from this JVM would silently drop the first holder's lock. The set turns a
 * second opener in this JVM away before it touches the file.
 */
final class RepoLock implements Closeable {
    static final String FILE = "repo.lock";

    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private RepoLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on the repository in {@code dir} (which must exist) or throws {@link RepoLockedException}. */
    static RepoLock acquire(Path dir) throws IOException {
        Path key = dir.toRealPath();
        if (!HELD.add(key)) {
            throw new RepoLockedException(dir, OptionalLong.of(ProcessHandle.current().pid()), true);
        }
        Path file = key.resolve(FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                // Only reachable if something else in this JVM locked the file behind HELD's back.
                throw new RepoLockedException(dir, OptionalLong.of(ProcessHandle.current().pid()), true);
            }
            if (lock == null) {
                // Another process holds it; its pid is in the file. Reading through our own channel keeps the
                // descriptor count at one (see the class comment).
                throw new RepoLockedException(dir, readPid(ch), false);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new RepoLock(key, ch, lock);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException c) {
                    e.addSuppressed(c);
                }
            }
            HELD.remove(key);
            throw e;
        }
    }

    private static OptionalLong readPid(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        ch.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
        if (text.matches("[0-9]{1,18}")) {
            return OptionalLong.of(Long.parseLong(text));
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(key);
            }
        }
    }
}
