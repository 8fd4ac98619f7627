package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.car.CarReader;
import io.cairn.core.car.CarWriter;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dag-cbor DAG end to end through the command line: {@code dag import} pins its root, {@code repo gc} keeps every
 * block, {@code pin ls}, {@code pin verify} and {@code dag export} see all of it, and an unpin frees it all. Before
 * links were read in every codec, GC deleted everything below the root.
 */
class IpldDagCommandsTest {
    @TempDir
    Path tmp;

    /** Every block made, in creation order, and the links each was made with (never parsed back here). */
    private final Map<Cid, Block> made = new LinkedHashMap<>();
    private final Map<Cid, List<Cid>> links = new LinkedHashMap<>();

    private Block raw(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        Block b = new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data), data);
        made.put(b.cid(), b);
        return b;
    }

    /** {@code {"c": [links], "l": label}} in DAG-CBOR (shortest heads; keys sorted) or DAG-JSON. */
    private Block node(boolean json, String label, Block... children) {
        List<Cid> to = new ArrayList<>();
        for (Block c : children) {
            to.add(c.cid());
        }
        byte[] data;
        if (json) {
            StringBuilder sb = new StringBuilder("{\"c\":[");
            for (int i = 0; i < to.size(); i++) {
                sb.append(i == 0 ? "" : ",").append("{\"/\":\"").append(to.get(i)).append("\"}");
            }
            data = sb.append("],\"l\":\"").append(label).append("\"}").toString().getBytes(StandardCharsets.UTF_8);
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {(byte) 0xa2, 0x61, 'c', (byte) (0x80 | to.size())});
            for (Cid c : to) {
                out.writeBytes(new byte[] {(byte) 0xd8, 42, 0x58, (byte) (c.byteLength() + 1), 0});
                out.writeBytes(c.toBytes());
            }
            byte[] text = label.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(new byte[] {0x61, 'l', (byte) (0x60 | text.length)});
            out.writeBytes(text);
            data = out.toByteArray();
        }
        Block b = new Block(Cid.of(1, json ? Multicodec.DAG_JSON : Multicodec.DAG_CBOR, HashFunction.SHA2_256,
                data), data);
        made.put(b.cid(), b);
        links.put(b.cid(), to);
        return b;
    }

    /** The export order: depth-first, parents first, children in link order, each block once. */
    private List<Cid> walk(Cid root) {
        List<Cid> order = new ArrayList<>();
        Set<Cid> seen = new HashSet<>();
        Deque<Cid> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Cid c = todo.pop();
            if (seen.add(c)) {
                order.add(c);
                List<Cid> ls = links.getOrDefault(c, List.of());
                for (int i = ls.size() - 1; i >= 0; i--) {
                    todo.push(ls.get(i));
                }
            }
        }
        return order;
    }

    @Test
    void importedDagCborDagSurvivesGcAndExportsWhole() throws IOException {
        Block shared = raw("shared leaf");
        Block left = node(false, "left", raw("l1"), shared, raw("l2"));
        Block right = node(true, "right", shared, raw("r1"));
        Block deeper = node(false, "deeper", node(true, "deepest", raw("d1")), right);
        Block root = node(false, "root", left, right, deeper);

        ByteArrayOutputStream car = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(car, List.of(root.cid()))) {
            for (Block b : made.values()) { // leaves first: not the export order
                w.write(b);
            }
        }
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("repo", "stat"); // creates the repository
        assertEquals("Pinned root\t" + root.cid() + "\tsuccess\n",
                cairn.runWithStdin(car.toByteArray(), "dag", "import").ok().out());
        Block stray = raw("stray");
        cairn.runWithStdin(stray.data(), "block", "put").ok();

        assertEquals(stray.cid().toString() + "\n", cairn.ok("repo", "gc", "--quiet").replace("removed ", ""));
        for (Block b : made.values()) {
            if (b != stray) {
                assertEquals(b.size(), Integer.parseInt(cairn.ok("block", "stat", b.cid().toString()).lines()
                        .filter(l -> l.startsWith("Size:")).findFirst().orElseThrow().substring(5).trim()),
                        "block " + b.cid() + " is still there");
            }
        }
        assertEquals(made.size() - 2, cairn.ok("pin", "ls", "--type=indirect").lines().count());
        cairn.ok("pin", "verify");

        List<Block> exported = new ArrayList<>();
        List<Cid> roots;
        try (CarReader r = CarReader.open(new ByteArrayInputStream(
                cairn.run("dag", "export", root.cid().toString()).ok().stdout()))) {
            roots = r.roots();
            for (Block b = r.next(); b != null; b = r.next()) {
                exported.add(b);
            }
        }
        assertEquals(List.of(root.cid()), roots);
        assertEquals(walk(root.cid()), exported.stream().map(Block::cid).toList());
        for (Block b : exported) {
            assertTrue(java.util.Arrays.equals(made.get(b.cid()).data(), b.data()), "bytes of " + b.cid());
        }

        cairn.ok("pin", "rm", root.cid().toString());
        assertEquals(made.size() - 1, cairn.ok("repo", "gc").lines().count(), "the whole DAG is garbage now");
    }

    /** A dag-cbor block that is not valid DAG-CBOR fails the import there, naming it, and nothing is pinned. */
    @Test
    void aMalformedDagCborBlockFailsTheImportNamingIt() throws IOException {
        Block leaf = raw("leaf");
        byte[] truncated = {(byte) 0xa2, 0x61, 'c', (byte) 0x81, (byte) 0xd8, 42}; // a map cut inside its first link
        Block bad = new Block(Cid.of(1, Multicodec.DAG_CBOR, HashFunction.SHA2_256, truncated), truncated);
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(car, List.of(bad.cid()))) {
            w.write(leaf);
            w.write(bad);
        }
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("repo", "stat");
        cairn.runWithStdin(car.toByteArray(), "dag", "import").fails("import failed at block \"" + bad.cid() + "\"");
        assertEquals("", cairn.ok("pin", "ls"));
    }
}
