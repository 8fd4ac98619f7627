package io.cairn.core.reader;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.unixfs.UnixFsFormatException;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads UnixFS files, directories and paths from a {@link BlockSource}. */
public final class UnixFsReader {
    private final BlockSource source;

    public UnixFsReader(BlockSource source) {
        this.source = source;
    }

    /** Fetches and decodes one node. */
    public UnixFsNode load(Cid cid) throws IOException {
        return UnixFsNode.decode(fetch(cid));
    }

    /** The whole file. */
    public InputStream open(Cid file) throws IOException {
        return open(file, 0, Long.MAX_VALUE);
    }

    /** Up to {@code length} bytes of the file starting at {@code offset} (past the end: an empty stream). */
    public InputStream open(Cid file, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        return open(load(file), offset, length);
    }

    /** As {@link #open(Cid, long, long)}, from a root node already loaded (it is not fetched again). */
    public InputStream open(UnixFsNode root, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        if (!root.isFile()) {
            throw new UnixFsFormatException(root.cid() + " is a " + root.type() + ", not a file");
        }
        return new FileStream(source, root, offset, length);
    }

    /** The entries of a directory, plain or HAMT-sharded, in link order. */
    public List<DirectoryItem> list(Cid dir) throws IOException {
        UnixFsNode node = load(dir);
        List<DirectoryItem> out = new ArrayList<>();
        if (node.type() == UnixFsType.DIRECTORY) {
            for (PbLink l : node.pb().links()) {
                out.add(item(l.name(), l));
            }
        } else if (node.type() == UnixFsType.HAMT_SHARD) {
            long fanout = HamtLookup.fanout(node);
            listShard(node, fanout, HamtLookup.prefixLength(fanout), out, 0);
        } else {
            throw new UnixFsFormatException(dir + " is a " + node.type() + ", not a directory");
        }
        return out;
    }

    /**
     * Every shard is read with the root's fanout, as lookups read it. Bucket prefixes are as wide as the hex of
     * {@code fanout - 1}: 2 characters only for fanouts 32 to 256.
     */
    private void listShard(UnixFsNode shard, long fanout, int prefixLength, List<DirectoryItem> out, int depth)
            throws IOException {
        if (depth > 64) {
            throw new UnixFsFormatException("HAMT deeper than 64 levels at " + shard.cid());
        }
        for (PbLink l : shard.pb().links()) {
            String name = l.name();
            if (name == null || name.length() < prefixLength || !HamtLookup.isBucket(name, prefixLength, fanout)) {
                throw new UnixFsFormatException("HAMT link " + (name == null ? "" : "\"" + name + "\" ") + "in "
                        + shard.cid() + " does not start with a bucket prefix");
            }
            if (name.length() == prefixLength) {
                UnixFsNode child = load(l.hash());
                if (child.type() != UnixFsType.HAMT_SHARD) {
                    throw new UnixFsFormatException("HAMT bucket " + name + " of " + shard.cid()
                            + " is not a shard");
                }
                listShard(child, fanout, prefixLength, out, depth + 1);
            } else {
                out.add(item(name.substring(prefixLength), l));
            }
        }
    }

    private static DirectoryItem item(String name, PbLink l) {
        return new DirectoryItem(name == null ? "" : name, l.hash(), l.tsize() == null ? 0 : l.tsize());
    }

    /**
     * Follows {@code path} ("a/b/c", empty segments ignored) from {@code root} through directories; returns the
     * CID it names.
     */
    public Cid resolve(Cid root, String path) throws IOException {
        Cid current = root;
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            current = lookup(current, segment);
        }
        return current;
    }

    /** The CID of entry {@code name} in directory {@code dir}. */
    public Cid lookup(Cid dir, String name) throws IOException {
        UnixFsNode node = load(dir);
        if (node.type() == UnixFsType.DIRECTORY) {
            for (PbLink l : node.pb().links()) {
                if (name.equals(l.name())) {
                    return l.hash();
                }
            }
            throw new NoSuchPathException(dir, name);
        }
        if (node.type() == UnixFsType.HAMT_SHARD) {
            return HamtLookup.find(this, node, name);
        }
        throw new NoSuchPathException("cannot resolve \"" + name + "\" under " + dir + ": it is a "
                + node.type() + ", not a directory");
    }

    Block fetch(Cid cid) throws IOException {
        return BlockSource.await(source.get(cid), cid);
    }
}
