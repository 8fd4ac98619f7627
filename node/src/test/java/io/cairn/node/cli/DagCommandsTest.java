package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.car.CarReader;
import io.cairn.core.car.CarWriter;
import io.cairn.core.multiformats.Cid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn dag export} and {@code dag import}: a DAG leaves one repository as a CARv1 and arrives whole in
 * another, pinned, with Kubo's {@code Pinned root\t<cid>\tsuccess} lines; a damaged CAR is refused with nothing
 * pinned.
 */
class DagCommandsTest {
    @TempDir
    Path tmp;

    private Cairn source;
    private String root;
    private byte[] big;

    @BeforeEach
    void tree() throws IOException {
        source = new Cairn(tmp.resolve("source"));
        Path docs = Files.createDirectories(tmp.resolve("docs/sub"));
        big = new byte[900_000];
        new Random(3).nextBytes(big);
        Files.write(docs.resolve("big.bin"), big);
        Files.writeString(tmp.resolve("docs/a.txt"), "hello world\n");
        Files.writeString(tmp.resolve("docs/b.txt"), "hello world\n");   // the same blocks twice in the DAG
        List<String> lines = source.run("add", "-r", "-q", tmp.resolve("docs").toString()).lines();
        root = lines.get(lines.size() - 1);
    }

    private static List<Block> blocks(byte[] car, List<Cid> roots) throws IOException {
        List<Block> out = new ArrayList<>();
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            roots.addAll(reader.roots());
            for (Block b = reader.next(); b != null; b = reader.next()) {
                out.add(b);
            }
        }
        return out;
    }

    @Test
    void exportImportRoundTrip() throws IOException {
        byte[] car = source.run("dag", "export", root).ok().stdout();
        List<Cid> roots = new ArrayList<>();
        List<Block> blocks = blocks(car, roots);
        assertEquals(List.of(Cid.parse(root)), roots);
        assertEquals(blocks.get(0).cid(), Cid.parse(root), "the root comes first");
        Set<Cid> seen = new HashSet<>();
        blocks.forEach(b -> assertTrue(seen.add(b.cid()), "written twice: " + b.cid()));
        // Every block the source holds for this DAG: big.bin's four leaves and root, a.txt (= b.txt), sub, docs.
        assertEquals(8, blocks.size());

        Cairn target = new Cairn(tmp.resolve("target"));
        Cairn.Run imported = target.runWithStdin(car, "dag", "import");
        assertEquals(0, imported.code(), imported.err());
        assertEquals("Pinned root\t" + root + "\tsuccess\n", imported.out());
        assertEquals(root + " recursive\n", target.ok("pin", "ls", "--type=recursive"));
        assertArrayEquals(big, target.run("cat", root + "/sub/big.bin").ok().stdout());
        assertEquals("hello world\n", target.ok("cat", root + "/b.txt"));
        assertEquals("", target.ok("repo", "gc"));

        // Again from a file, with stats: the blocks are there already and the pin stays one pin.
        Path file = Files.write(tmp.resolve("docs.car"), car);
        int bytes = blocks.stream().mapToInt(Block::size).sum();
        assertEquals("Pinned root\t" + root + "\tsuccess\nImported 8 blocks (" + bytes + " bytes)\n",
                target.ok("dag", "import", "--stats", file.toString()));
        assertEquals("", target.ok("dag", "import", "--silent", file.toString()));
        assertEquals(root + " recursive\n", target.ok("pin", "ls", "--type=recursive"));
        assertArrayEquals(car, target.run("dag", "export", root).ok().stdout(), "the same CAR back");
    }

    @Test
    void pinRootsFalseLeavesTheBlocksToGc() throws IOException {
        Path file = Files.write(tmp.resolve("docs.car"), source.run("dag", "export", root).ok().stdout());
        Cairn target = new Cairn(tmp.resolve("target"));
        target.run("repo", "stat");
        assertEquals("", target.ok("dag", "import", "--pin-roots=false", file.toString()));
        assertEquals("", target.ok("pin", "ls"));
        assertEquals("hello world\n", target.ok("cat", root + "/a.txt"));
        assertEquals(8, target.run("repo", "gc").ok().lines().size());
    }

    @Test
    void truncatedCarFailsWithNothingPinned() throws IOException {
        byte[] car = source.run("dag", "export", root).ok().stdout();
        Cairn target = new Cairn(tmp.resolve("target"));
        target.run("repo", "stat");
        for (int cut : new int[] {car.length - 1, car.length / 2, 60, 3}) {
            Path file = Files.write(tmp.resolve("cut.car"), Arrays.copyOf(car, cut));
            target.run("dag", "import", file.toString()).fails("cut.car: import failed");
            assertEquals("", target.ok("pin", "ls"), "cut at " + cut);
        }
        target.ok("repo", "gc");
        assertEquals("NumObjects: 0", target.ok("repo", "stat").lines().findFirst().orElseThrow());
    }

    @Test
    void corruptBlockFailsWithNothingPinned() throws IOException {
        byte[] car = source.run("dag", "export", root).ok().stdout();
        byte[] bad = car.clone();
        bad[bad.length - 10] ^= 1;
        Cairn target = new Cairn(tmp.resolve("target"));
        target.runWithStdin(bad, "dag", "import").fails("does not hash to");
        assertEquals("", target.ok("pin", "ls"));
        target.runWithStdin("not a car".getBytes(), "dag", "import").fails("import failed");
    }

    /** A root whose DAG is not all there fails the import; with several roots, none is left pinned. */
    @Test
    void incompleteRootPinsNothing() throws IOException {
        byte[] car = source.run("dag", "export", root).ok().stdout();
        List<Cid> roots = new ArrayList<>();
        List<Block> blocks = blocks(car, roots);
        Cid leaf = blocks.get(blocks.size() - 1).cid();
        Cairn target = new Cairn(tmp.resolve("target"));
        target.run("repo", "stat");

        // One CAR naming a complete root (the last leaf) and the incomplete one (the directory, missing a block).
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(partial, List.of(leaf, Cid.parse(root)))) {
            for (Block b : blocks.subList(0, blocks.size() - 2)) {
                w.write(b);
            }
            w.write(blocks.get(blocks.size() - 1));
        }
        Cairn.Run run = target.runWithStdin(partial.toByteArray(), "dag", "import");
        run.fails("pinning root \"" + root + "\" FAILED: block not found locally: "
                + blocks.get(blocks.size() - 2).cid());
        assertEquals("", run.out());
        assertEquals("", target.ok("pin", "ls"));

        // The missing block arrives in a second file: the DAG spans both and both roots pin.
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(rest, List.of())) {
            w.write(blocks.get(blocks.size() - 2));
        }
        Path first = Files.write(tmp.resolve("first.car"), partial.toByteArray());
        Path second = Files.write(tmp.resolve("second.car"), rest.toByteArray());
        assertEquals("Pinned root\t" + leaf + "\tsuccess\nPinned root\t" + root + "\tsuccess\n",
                target.ok("dag", "import", first.toString(), second.toString()));
    }

    @Test
    void exportErrors() {
        source.run("dag", "export", "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH")
                .fails("block not found locally: QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH");
        source.run("dag", "export", "nope").fails("invalid path");
        source.run("dag", "import", tmp.resolve("missing.car").toString()).fails("missing.car");
    }
}
