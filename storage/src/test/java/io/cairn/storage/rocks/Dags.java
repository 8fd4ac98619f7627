package io.cairn.storage.rocks;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-built DAGs for the pin and GC tests: raw leaves and dag-pb nodes linking to whatever they are given. */
final class Dags {
    /** Every block made through this instance, by CID, so tests can store any subset of them. */
    final Map<Cid, Block> made = new LinkedHashMap<>();

    Block raw(String text) {
        return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    Block raw(byte[] data) {
        Block b = new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data), data);
        made.put(b.cid(), b);
        return b;
    }

    /** A CIDv0 dag-pb node with {@code label} as data (so equal children give distinct nodes) and these links. */
    Block node(String label, Block... children) {
        return node(label, Arrays.asList(children));
    }

    Block node(String label, List<Block> children) {
        List<PbLink> links = new ArrayList<>();
        for (Block c : children) {
            links.add(new PbLink(c.cid(), null, (long) c.size()));
        }
        byte[] data = DagPb.encode(new PbNode(links, label.getBytes(StandardCharsets.UTF_8)));
        Block b = new Block(Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, data), data);
        made.put(b.cid(), b);
        return b;
    }

    static void putAll(BlockSink sink, Block... blocks) throws IOException {
        for (Block b : blocks) {
            sink.put(b);
        }
    }

    /** The multihashes reachable from {@code root} among the blocks made here (root included). */
    Set<Multihash> reachable(Cid root) {
        Set<Multihash> out = new HashSet<>();
        List<Cid> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Cid c = todo.remove(todo.size() - 1);
            if (!out.add(c.multihash())) {
                continue;
            }
            if (c.isCodec(Multicodec.DAG_PB)) {
                for (PbLink l : DagPb.decode(made.get(c).data()).links()) {
                    todo.add(l.hash());
                }
            }
        }
        return out;
    }
}
