package io.cairn.core.reader;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.unixfs.DirectoryBuilder;
import io.cairn.core.unixfs.DirectoryEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Directories for reader tests: each entry a one-block raw file whose content names it. */
final class DirectoryFixture {
    private DirectoryFixture() {}

    static byte[] content(String name) {
        return ("content of " + name).getBytes(StandardCharsets.UTF_8);
    }

    static DirectoryEntry file(MemoryBlockStore store, String name) {
        byte[] bytes = content(name);
        Cid cid = store.add(new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, bytes), bytes));
        return new DirectoryEntry(name, cid, bytes.length);
    }

    static List<DirectoryEntry> files(MemoryBlockStore store, Collection<String> names) {
        List<DirectoryEntry> out = new ArrayList<>();
        for (String n : names) {
            out.add(file(store, n));
        }
        return out;
    }

    /** Always a HAMT (threshold 0) of {@code fanout}. */
    static DirectoryEntry hamt(MemoryBlockStore store, String name, int fanout, List<DirectoryEntry> entries)
            throws IOException {
        return DirectoryBuilder.create().shardingThreshold(0).fanout(fanout).build(name, entries, store);
    }

    /** Never a HAMT. */
    static DirectoryEntry plain(MemoryBlockStore store, String name, List<DirectoryEntry> entries)
            throws IOException {
        return DirectoryBuilder.create().shardingThreshold(Long.MAX_VALUE).build(name, entries, store);
    }
}
