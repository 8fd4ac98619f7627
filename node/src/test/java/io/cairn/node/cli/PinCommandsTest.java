package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn pin add/ls/rm/update/verify} with Kubo's output lines ({@code core/commands/pin/pin.go}, kubo commit
 * 867cdc5, and {@code test/cli/pins_test.go}).
 */
class PinCommandsTest {
    @TempDir
    Path tmp;

    private Cairn cairn;
    private String dir;
    private String mars;
    private String venus;

    /** t0040's planets: mars.txt, venus.txt and their directory, added without pins. */
    @BeforeEach
    void planets() throws IOException {
        cairn = new Cairn(tmp.resolve("repo"));
        Path planets = Files.createDirectories(tmp.resolve("planets"));
        Files.writeString(planets.resolve("mars.txt"), "Hello Mars!\n");
        Files.writeString(planets.resolve("venus.txt"), "Hello Venus!\n");
        List<String> lines = cairn.run("add", "-r", "-q", "--pin=false", planets.toString()).lines();
        mars = lines.get(0);
        venus = lines.get(1);
        dir = lines.get(2);
        assertEquals("QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY", dir);
        assertEquals("", cairn.ok("pin", "ls"));
    }

    @Test
    void addListRemove() {
        assertEquals("pinned " + dir + " recursively\n", cairn.ok("pin", "add", dir));
        assertEquals("pinned " + mars + " directly\n", cairn.ok("pin", "add", "--recursive=false", mars));
        assertEquals(dir + " recursive\n", cairn.ok("pin", "ls", "--type=recursive"));
        assertEquals(mars + " direct\n", cairn.ok("pin", "ls", "-t", "direct"));
        assertEquals(Set.of(mars + " indirect", venus + " indirect"),
                Set.copyOf(cairn.run("pin", "ls", "--type=indirect").ok().lines()));
        // pins_test.go "check 'pin ls hash' output"; an indirect one names the pin that keeps it.
        assertEquals(dir + " recursive\n", cairn.ok("pin", "ls", dir));
        assertEquals(venus + " indirect through " + dir + "\n", cairn.ok("pin", "ls", venus));
        assertEquals(mars + " direct\n", cairn.ok("pin", "ls", mars));
        assertEquals(venus + "\n", cairn.ok("pin", "ls", "-q", venus));
        cairn.run("pin", "ls", "--type=direct", venus).fails("path '" + venus + "' is not pinned");

        cairn.run("pin", "rm", "-r=false", dir).fails("");
        assertEquals("unpinned " + dir + "\nunpinned " + mars + "\n", cairn.ok("pin", "rm", dir, mars));
        assertEquals("", cairn.ok("pin", "ls"));
        cairn.run("pin", "rm", dir).fails("");
        cairn.run("pin", "ls", venus).fails("path '" + venus + "' is not pinned");
    }

    @Test
    void pathsResolveToTheirCid() {
        assertEquals("pinned " + venus + " recursively\n", cairn.ok("pin", "add", "/ipfs/" + dir + "/venus.txt"));
        assertEquals(venus + " recursive\n", cairn.ok("pin", "ls", dir + "/venus.txt"));
    }

    @Test
    void names() {
        cairn.ok("pin", "add", "--name", "planets", dir);
        cairn.ok("pin", "add", "-r=false", mars);
        assertEquals(dir + " recursive planets\n", cairn.ok("pin", "ls", "--names", "--type=recursive"));
        List<String> lines = cairn.run("pin", "ls", "--names", "-t", "direct").ok().lines();
        // Kubo's "%s %s %s\n": an unnamed pin ends in a space.
        assertEquals(List.of(mars + " direct "), lines);
        assertEquals(dir + " recursive planets\n", cairn.ok("pin", "ls", "--name", "lane", "--type=recursive"));
        assertEquals(dir + " recursive planets\n", cairn.ok("pin", "ls", "--names", dir));
        cairn.run("pin", "add", "--name", "x".repeat(256), dir).fails("pin name is 256 bytes (max 255 bytes)");
    }

    @Test
    void update() {
        cairn.ok("pin", "add", mars);
        assertEquals("updated " + mars + " to " + venus + "\n", cairn.ok("pin", "update", mars, venus));
        assertEquals(venus + " recursive\n", cairn.ok("pin", "ls", "--type=recursive"));
        // pins_test.go: an update to itself keeps the pin.
        cairn.ok("pin", "update", "--unpin=true", venus, venus);
        assertEquals(venus + " recursive\n", cairn.ok("pin", "ls", "--type=recursive"));
        cairn.ok("pin", "update", "--unpin=false", venus, dir);
        assertEquals(Set.of(venus + " recursive", dir + " recursive"),
                Set.copyOf(cairn.run("pin", "ls", "--type=recursive").ok().lines()));
        cairn.run("pin", "update", mars, dir).fails("");
    }

    @Test
    void verify() throws Exception {
        cairn.ok("pin", "add", dir);
        cairn.ok("pin", "add", mars);
        assertEquals("", cairn.ok("pin", "verify"));
        assertEquals(Set.of(dir + " ok", mars + " ok"),
                Set.copyOf(cairn.run("pin", "verify", "--verbose").ok().lines()));
        cairn.run("pin", "verify", "--verbose", "-q").fails("can not be used at the same time");

        // A block lost behind Cairn's back breaks every pin that reaches it.
        RawStore.remove(cairn.repo(), Cid.parse(mars).multihash());
        Cairn.Run run = cairn.run("pin", "verify");
        assertEquals(1, run.code());
        List<String> lines = run.lines();
        assertTrue(lines.contains(dir + " broken"), run.out());
        assertTrue(lines.contains(mars + " broken"), run.out());
        assertEquals(2, lines.stream().filter(l -> l.equals("  " + mars + ": block not found locally")).count(),
                run.out());
        assertTrue(run.err().endsWith("Error: 2 of 2 recursive pins are broken\n"), run.err());
        assertEquals(Set.of(dir, mars), Set.copyOf(cairn.run("pin", "verify", "-q").lines()));
    }
}
