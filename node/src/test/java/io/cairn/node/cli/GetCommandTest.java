package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.car.CarWriter;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cairn get} on DAGs built by someone hostile: entry names that would climb out of the output or into a
 * sub-path, symlinks planted so that a later entry would be written through them, and duplicate names. Whatever the
 * DAG says, nothing may appear outside the output directory (here: outside {@code tmp/out}; the test checks that
 * the rest of {@code tmp} is unchanged).
 */
class GetCommandTest {
    @TempDir
    Path tmp;

    private Cairn cairn;
    private final List<Block> blocks = new ArrayList<>();
    private Cid hello;

    @BeforeEach
    void repo() throws IOException {
        cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("repo", "stat");
        hello = raw("hello\n");
        Files.createDirectories(tmp.resolve("victim"));
    }

    private Cid raw(String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        Block b = new Block(Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, data), data);
        blocks.add(b);
        return b.cid();
    }

    private Cid node(UnixFsData data, List<PbLink> links) {
        byte[] bytes = DagPb.encode(new PbNode(links, data.toBytes()));
        Block b = new Block(Cid.of(0, Multicodec.DAG_PB, HashFunction.SHA2_256, bytes), bytes);
        blocks.add(b);
        return b.cid();
    }

    private Cid dir(Object... nameThenCid) {
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < nameThenCid.length; i += 2) {
            links.add(PbLink.of((Cid) nameThenCid[i + 1], (String) nameThenCid[i], 10));
        }
        return node(UnixFsData.directory(), links);
    }

    private Cid symlink(String target) {
        return node(UnixFsData.builder(UnixFsType.SYMLINK).data(target.getBytes(StandardCharsets.UTF_8)).build(),
                List.of());
    }

    /** Imports every block built so far (not pinned: get reads whatever is stored). */
    private void store() throws IOException {
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(car, List.of())) {
            for (Block b : blocks) {
                w.write(b);
            }
        }
        cairn.runWithStdin(car.toByteArray(), "dag", "import").ok();
    }

    /** Every path under tmp except the repository and the output. */
    private List<String> outside() throws IOException {
        try (Stream<Path> walk = Files.walk(tmp)) {
            return walk.filter(p -> !p.startsWith(tmp.resolve("repo")) && !p.startsWith(tmp.resolve("out")))
                    .map(p -> tmp.relativize(p).toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "", "a/b", "../victim/evil", "/etc/evil", "nul\u0000byte"})
    void refusesNamesThatAreNotOneComponent(String name) throws IOException {
        Cid root = dir("fine.txt", hello, name, hello);
        store();
        List<String> before = outside();
        Path out = tmp.resolve("out");
        cairn.run("get", root.toString(), "-o", out.toString()).fails("refusing to write the entry named");
        assertEquals(before, outside());
    }

    @Test
    void refusesHostileNamesDeepDown() throws IOException {
        Cid root = dir("a", dir("b", dir("..", dir("..", dir("..", dir("victim", dir("evil", hello)))))));
        store();
        List<String> before = outside();
        cairn.run("get", root.toString(), "-o", tmp.resolve("out").toString()).fails("\"..\"");
        assertEquals(before, outside());
    }

    /** A symlink to a directory outside, then a directory of the same name: nothing is written through the link. */
    @Test
    void neverWritesThroughAPlantedSymlink() throws IOException {
        Cid root = dir("x", symlink(tmp.resolve("victim").toString()), "x", dir("evil.txt", hello));
        store();
        cairn.run("get", root.toString(), "-o", tmp.resolve("out").toString()).fails("a file or symlink is there");
        try (Stream<Path> victim = Files.list(tmp.resolve("victim"))) {
            assertEquals(0, victim.count());
        }
        assertTrue(Files.isSymbolicLink(tmp.resolve("out/x")));
    }

    /** A symlink to a file outside, then a file of the same name: the link is replaced, its target untouched. */
    @Test
    void replacesASymlinkInsteadOfFollowingIt() throws IOException {
        Path target = Files.writeString(tmp.resolve("victim/precious"), "precious");
        Cid root = dir("f", symlink(target.toString()), "f", hello);
        store();
        cairn.ok("get", root.toString(), "-o", tmp.resolve("out").toString());
        assertEquals("precious", Files.readString(target));
        assertFalse(Files.isSymbolicLink(tmp.resolve("out/f")));
        assertEquals("hello\n", Files.readString(tmp.resolve("out/f")));
    }

    /** The output itself must not be a symlink when a directory is written there. */
    @Test
    void refusesAnOutputThatIsASymlink() throws IOException {
        Cid root = dir("f", hello);
        store();
        Path link = Files.createSymbolicLink(tmp.resolve("out"), tmp.resolve("victim"));
        cairn.run("get", root.toString(), "-o", link.toString()).fails("symlink");
        try (Stream<Path> victim = Files.list(tmp.resolve("victim"))) {
            assertEquals(0, victim.count());
        }
    }

    /** Symlink targets are data: written as they are, pointing anywhere, never followed. */
    @Test
    void symlinksAreRecreatedAsTheyAre() throws IOException {
        Cid root = dir("up", symlink("../../etc/passwd"), "abs", symlink("/nonexistent/x"));
        store();
        Path out = tmp.resolve("out");
        cairn.ok("get", root.toString(), "-o", out.toString());
        assertEquals(Path.of("../../etc/passwd"), Files.readSymbolicLink(out.resolve("up")));
        assertEquals(Path.of("/nonexistent/x"), Files.readSymbolicLink(out.resolve("abs")));
        assertTrue(Files.isSymbolicLink(out.resolve("abs")));
    }
}
