package io.cairn.storage.rocks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Turns RocksDB's exceptions into {@link IOException}s that say what failed, where, and what to do. */
final class RocksErrors {
    private RocksErrors() {}

    static IOException map(String action, Path dir, RocksDBException e) {
        String message = e.getMessage() == null ? String.valueOf(e.getStatus()) : e.getMessage();
        Status status = e.getStatus();
        if (isNoSpace(status, message)) {
            return new StoreFullException("no space left on device while " + action + " (store at " + dir
                    + "); nothing was changed. Free disk space, then reopen the store (" + message + ")", e);
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (message.contains("Seen error")) {
            return new IOException("the store at " + dir + " stopped writing after an earlier error (see above); "
                    + "everything written before it is intact (" + message + ")", e);
        }
        if (lower.contains("lock") && (lower.contains("temporarily unavailable") || lower.contains("lock hold"))) {
            return new IOException("the store at " + dir + " is in use by another process (" + message + ")", e);
        }
        return new IOException("storage error while " + action + " (store at " + dir + "): " + message, e);
    }

    /**
     * A file the database's view refers to is gone: what a read-only view meets once the writing process has
     * compacted or collected away the files it opened with.
     */
    static boolean isMissingFile(RocksDBException e) {
        Status status = e.getStatus();
        String message = e.getMessage() == null ? "" : e.getMessage();
        // RocksJava 9.7 has no PathNotFound sub-code (it arrives as Undefined): the message is what is left.
        return (status == null || status.getCode() == Status.Code.IOError
                || status.getCode() == Status.Code.NotFound || status.getSubCode() == Status.SubCode.StaleFile)
                && message.contains("No such file or directory");
    }

    private static boolean isNoSpace(Status status, String message) {
        return (status != null && status.getSubCode() == Status.SubCode.NoSpace)
                || message.contains("No space left on device");
    }
}
