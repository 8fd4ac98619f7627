package io.cairn.core.reader;

import io.cairn.core.dagpb.PbLink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.unixfs.HamtNames;
import io.cairn.core.unixfs.UnixFsFormatException;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;

/**
 * Finds one entry of a HAMT-sharded directory by hashing its name, fetching only the shards on its path (one
 * block per level) rather than listing the directory.
 */
final class HamtLookup {
    private static final int MAX_LEVELS = 64;
    private static final long MURMUR3_X64_64 = 0x22;

    private HamtLookup() {}

    /** The width of every bucket prefix in a HAMT of {@code fanout}; refuses a fanout the spec does not allow. */
    static int prefixLength(long fanout) {
        return new HamtNames("", fanout).prefixLength();
    }

    /** Whether {@code linkName} starts with an upper-case hex bucket number below {@code fanout}. */
    static boolean isBucket(String linkName, int prefixLength, long fanout) {
        long bucket = 0;
        for (int i = 0; i < prefixLength; i++) {
            char c = linkName.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return false;
            }
            bucket = bucket * 16 + digit;
        }
        return bucket < fanout;
    }

    /**
     * The fanout a HAMT root records; every shard below is read with it. Refuses a root hashed with anything but
     * murmur3-x64-64, the only hash UnixFS defines for HAMTs, whose names could not be found by hashing them.
     */
    static long fanout(UnixFsNode root) {
        Long hashType = root.unixfs().hashType();
        if (hashType == null || hashType != MURMUR3_X64_64) {
            throw new UnixFsFormatException("HAMT shard " + root.cid() + " has hash type " + hashType
                    + ", not murmur3-x64-64 (0x22)");
        }
        Long fanout = root.unixfs().fanout();
        if (fanout == null) {
            throw new UnixFsFormatException("HAMT shard " + root.cid() + " has no fanout");
        }
        return fanout;
    }

    static Cid find(UnixFsReader reader, UnixFsNode root, String name) throws IOException {
        HamtNames names = new HamtNames(name, fanout(root));
        int prefixLength = names.prefixLength();
        UnixFsNode shard = root;
        for (int level = 0; level < MAX_LEVELS; level++) {
            String prefix = names.prefixAt(level);
            PbLink next = null;
            for (PbLink l : shard.pb().links()) {
                String linkName = l.name();
                if (linkName == null || !linkName.startsWith(prefix)) {
                    continue;
                }
                if (linkName.length() == prefixLength) {
                    next = l;
                    break;
                }
                if (linkName.substring(prefixLength).equals(name)) {
                    return l.hash();
                }
            }
            if (next == null) {
                throw new NoSuchPathException(root.cid(), name);
            }
            shard = reader.load(next.hash());
            if (shard.type() != UnixFsType.HAMT_SHARD) {
                throw new UnixFsFormatException("HAMT bucket " + prefix + " points to a " + shard.type());
            }
        }
        throw new UnixFsFormatException("HAMT under " + root.cid() + " deeper than " + MAX_LEVELS + " levels");
    }
}
