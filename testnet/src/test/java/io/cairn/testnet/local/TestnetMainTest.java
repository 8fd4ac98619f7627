package io.cairn.testnet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's usage errors and its reading of nodes.tsv, without starting any daemon. */
class TestnetMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return TestnetMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badUsageExitsTwoWithTheUsage() {
        assertEquals(2, run());
        assertEquals(2, run("sideways"));
        assertEquals(2, run("up"));
        assertEquals(2, run("up", "three"));
        assertEquals(2, run("up", "3", "--dir"));
        assertEquals(2, run("scenario", "nope", "--dir", dir.toString()));
        assertEquals(2, run("scenario", "churn", "--seed", "x", "--dir", dir.toString()));
        assertEquals(2, run("scenario", "kill-mid-transfer", "--bogus", "--dir", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: testnet/run up N"), err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("scenarios: add-fetch-pin, churn, kill-mid-transfer"),
                err.toString());
    }

    @Test
    void statusAndDownOfAnEmptyDirectorySayNothingIsRecorded() {
        assertEquals(0, run("status", "--dir", dir.toString()));
        assertEquals(0, run("down", "--dir", dir.toString()));
        assertEquals(2, out.toString(StandardCharsets.UTF_8).split("no testnet recorded").length - 1);
    }

    @Test
    void recordedNodesAreReadBackAndAMalformedRecordIsAnError() throws Exception {
        Files.writeString(dir.resolve(LocalTestnet.NODES_FILE), "# header\nnode1\t999999999\tPEER\t/ip4/127.0.0.1/tcp/1"
                + "\t/ip4/127.0.0.1/tcp/2\thttp://127.0.0.1:3\t/r/node1\n");
        assertEquals(1, LocalTestnet.read(dir).size());
        assertEquals(new TestnetNode("node1", 999999999L, "PEER", "/ip4/127.0.0.1/tcp/1", "/ip4/127.0.0.1/tcp/2",
                "http://127.0.0.1:3", Path.of("/r/node1")), LocalTestnet.read(dir).get(0));
        assertEquals(0, run("status", "--dir", dir.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("stopped"), out.toString());

        Files.writeString(dir.resolve(LocalTestnet.NODES_FILE), "node1\tnot-a-pid\ta\tb\tc\td\te\n");
        assertEquals(1, run("status", "--dir", dir.toString()));
        Files.writeString(dir.resolve(LocalTestnet.NODES_FILE), "node1\t12\n");
        assertEquals(1, run("down", "--dir", dir.toString()));
    }
}
