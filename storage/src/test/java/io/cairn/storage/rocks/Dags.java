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

/**
 * Hand-built DAGs for the pin and GC tests: raw leaves, and dag-pb, dag-cbor and dag-json nodes linking to whatever
 * they are given. The dag-cbor and dag-json encoders here are written from the specs for the tests (a map
 * {@code {"l": label, "c": [links]}}); which links each node has is recorded as it is made, so the tests' idea of
 * a DAG never goes through the link extractor under test.
 */
final class Dags {
    /** Every block made through this instance, by CID, so tests can store any subset of them. */
    final Map<Cid, Block> made = new LinkedHashMap<>();
    /** The links of every node made here, as given. */
    final Map<Cid, List<Cid>> linksMade = new LinkedHashMap<>();

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
        linksMade.put(b.cid(), cids(children));
        return b;
    }

    /** A dag-cbor node {@code {"c": [links], "l": label}}. */
    Block cbor(String label, Block... children) {
        List<Cid> links = cids(Arrays.asList(children));
        byte[] data = cborNode(label, links);
        Block b = new Block(Cid.of(1, Multicodec.DAG_CBOR, HashFunction.SHA2_256, data), data);
        made.put(b.cid(), b);
        linksMade.put(b.cid(), links);
        return b;
    }

    /** A dag-json node {@code {"c":[{"/":"cid"},...],"l":label}}. */
    Block json(String label, Block... children) {
        List<Cid> links = cids(Arrays.asList(children));
        byte[] data = jsonNode(label, links);
        Block b = new Block(Cid.of(1, Multicodec.DAG_JSON, HashFunction.SHA2_256, data), data);
        made.put(b.cid(), b);
        linksMade.put(b.cid(), links);
        return b;
    }

    private static List<Cid> cids(List<Block> blocks) {
        List<Cid> out = new ArrayList<>();
        blocks.forEach(b -> out.add(b.cid()));
        return out;
    }

    /** DAG-CBOR (RFC 8949 shortest heads, keys sorted length-first): {@code {"c": [tag 42 links], "l": label}}. */
    static byte[] cborNode(String label, List<Cid> links) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0xa2);
        cborHead(out, 3, 1);
        out.write('c');
        cborHead(out, 4, links.size());
        for (Cid c : links) {
            out.write(0xd8);
            out.write(42);
            cborHead(out, 2, c.byteLength() + 1);
            out.write(0);
            out.writeBytes(c.toBytes());
        }
        cborHead(out, 3, 1);
        out.write('l');
        byte[] text = label.getBytes(StandardCharsets.UTF_8);
        cborHead(out, 3, text.length);
        out.writeBytes(text);
        return out.toByteArray();
    }

    private static void cborHead(java.io.ByteArrayOutputStream out, int major, int arg) {
        if (arg < 24) {
            out.write(major << 5 | arg);
        } else if (arg < 256) {
            out.write(major << 5 | 24);
            out.write(arg);
        } else {
            out.write(major << 5 | 25);
            out.write(arg >>> 8);
            out.write(arg);
        }
    }

    /** DAG-JSON: {@code {"c":[{"/":"cid"},...],"l":"label"}} (the label must need no escaping). */
    static byte[] jsonNode(String label, List<Cid> links) {
        StringBuilder sb = new StringBuilder("{\"c\":[");
        for (int i = 0; i < links.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"/\":\"").append(links.get(i)).append("\"}");
        }
        return sb.append("],\"l\":\"").append(label).append("\"}").toString().getBytes(StandardCharsets.UTF_8);
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
            todo.addAll(linksMade.getOrDefault(c, List.of()));
        }
        return out;
    }
}
