package io.cairn.node.cli;

import io.cairn.core.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Damages a repository's block database behind Cairn's back, as a failing disk or a careless hand would, so that
 * tests can watch {@code repo verify} and {@code pin verify} find it. Knows only the column family holding blocks
 * by multihash (docs/storage-design.md).
 */
final class RawStore {
    private RawStore() {}

    /** Replaces the stored bytes of {@code mh}. */
    static void overwrite(Path repo, Multihash mh, byte[] bytes) throws RocksDBException {
        edit(repo, (db, blocks) -> db.put(blocks, mh.toBytes(), bytes));
    }

    /** Deletes the stored bytes of {@code mh}, leaving everything that refers to them. */
    static void remove(Path repo, Multihash mh) throws RocksDBException {
        edit(repo, (db, blocks) -> db.delete(blocks, mh.toBytes()));
    }

    private interface Edit {
        void apply(RocksDB db, ColumnFamilyHandle blocks) throws RocksDBException;
    }

    private static void edit(Path repo, Edit edit) throws RocksDBException {
        String dir = repo.resolve("blocks").toString();
        List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, dir);
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
        for (byte[] name : names) {
            ColumnFamilyOptions o = new ColumnFamilyOptions().setMergeOperatorName("uint64add");
            cfOptions.add(o);
            descriptors.add(new ColumnFamilyDescriptor(name, o));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
                RocksDB db = RocksDB.open(options, dir, descriptors, handles)) {
            ColumnFamilyHandle blocks = null;
            for (int i = 0; i < names.size(); i++) {
                if (new String(names.get(i), StandardCharsets.UTF_8).equals("blocks")) {
                    blocks = handles.get(i);
                }
            }
            edit.apply(db, blocks);
            handles.forEach(ColumnFamilyHandle::close);
        } finally {
            cfOptions.forEach(ColumnFamilyOptions::close);
        }
    }
}
