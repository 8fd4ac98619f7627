package io.cairn.storage.providers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** What the package's two small RocksDB stores share: native resource ownership and error wording. */
final class RocksResources {
    private RocksResources() {
    }

    /** An {@link IOException} that names the store, what it was doing and where. */
    static IOException failure(String store, String action, Path dir, RocksDBException e) {
        String message = e.getMessage() == null ? String.valueOf(e.getStatus()) : e.getMessage();
        return new IOException(store + " error while " + action + " (at " + dir + "): " + message, e);
    }

    /** Records {@code ref} for {@link #closeNative} and hands it back. */
    static <T extends AbstractNativeReference> T own(List<AbstractNativeReference> owned, T ref) {
        owned.add(ref);
        return ref;
    }

    /** Closes handles, then the database, then the options it used, in that order (RocksJava requires it). */
    static void closeNative(List<ColumnFamilyHandle> handles, List<AbstractNativeReference> owned, RocksDB db) {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        if (db != null) {
            db.close();
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
