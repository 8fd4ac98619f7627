package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn ls} on the files of Kubo's {@code test/sharness/t0045-ls.sh} (kubo commit 867cdc5) that need no
 * random data: the CIDs, sizes and names of the entries are Kubo's, the directory CIDs come from our own add.
 */
class LsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void listsAsKubo() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("testData/d2"));
        Files.createDirectories(tmp.resolve("testData/d1"));
        Files.writeString(tmp.resolve("testData/f1"), "test\n");
        Files.writeString(tmp.resolve("testData/f2"), "data\n");
        Files.writeString(tmp.resolve("testData/d1/a"), "hello\n");
        Files.writeString(data.resolve("a"), "world\n");
        Files.writeString(data.resolve("bad\u007fname.txt"), "badname\n");
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        List<String> added = cairn.run("add", "-r", tmp.resolve("testData").toString()).lines();
        // t0045's add output for these files.
        assertEquals(List.of(
                "added QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN testData/d1/a",
                "added QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL testData/d2/a",
                "added QmQSLRRd1Lxn6NMsWmmj2g9W3LtSRfmVAVqU3ShneLUrbn testData/d2/bad\u007fname.txt",
                "added QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH testData/f1",
                "added QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M testData/f2"), added.subList(0, 5));
        String d1 = added.get(5).split(" ")[1];
        String d2 = added.get(6).split(" ")[1];
        String root = added.get(7).split(" ")[1];

        assertEquals(d1 + " - d1/\n"
                + d2 + " - d2/\n"
                + "QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH 5 f1\n"
                + "QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M 5 f2\n", cairn.ok("ls", root));
        assertEquals(root + ":\n"
                + d1 + " d1/\n"
                + d2 + " d2/\n"
                + "QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH f1\n"
                + "QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M f2\n"
                + "\n"
                + d2 + ":\n"
                + "QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL a\n"
                + "QmQSLRRd1Lxn6NMsWmmj2g9W3LtSRfmVAVqU3ShneLUrbn bad\\x7fname.txt\n",
                cairn.ok("ls", "--size=false", root, d2));
        assertEquals("Hash                                           Size Name\n"
                + "QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL 6    a\n"
                + "QmQSLRRd1Lxn6NMsWmmj2g9W3LtSRfmVAVqU3ShneLUrbn 8    bad\\x7fname.txt\n",
                cairn.ok("ls", "--headers", root + "/d2"));
        assertEquals("", cairn.ok("ls", "QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH"), "a one-block file");
    }

    /** Expected values are what Go 1.x's {@code strconv.Quote} gives, with Kubo's unquoting of {@code \"}. */
    @Test
    void escapesAsGoQuotes() {
        assertEquals("plain name", LsCommand.escapeNonPrint("plain name"));
        assertEquals("caf\u00e9 \u2603", LsCommand.escapeNonPrint("caf\u00e9 \u2603"));
        assertEquals("bad\\x7fname", LsCommand.escapeNonPrint("bad\u007fname"));
        assertEquals("a\\tb\\nc\\\\d\"e", LsCommand.escapeNonPrint("a\tb\nc\\d\"e"));
        assertEquals("nb\\u00a0sp", LsCommand.escapeNonPrint("nb\u00a0sp"));
        assertEquals("\\U000e0001", LsCommand.escapeNonPrint("\uDB40\uDC01"));
    }
}
