package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@link TextTable} against text Go's tabwriter produced in Kubo's own tests: {@code ipfs ls} of three directories
 * ({@code test/sharness/t0045-ls.sh}, kubo commit 867cdc5), with and without sizes and headers. The cells are the
 * ones Kubo's {@code ls.go} writes for those entries.
 */
class TextTableTest {
    private static String render(TextTable t) {
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        t.printTo(w);
        w.flush();
        return s.toString();
    }

    /** Kubo's three listings, as cells: each directory's header line, then its entries. */
    private static TextTable threeDirectories(boolean size, boolean headers) {
        TextTable t = new TextTable(1, 1);
        String[][][] dirs = {
            {{"QmYC14BmpHUBMttbWaqbdR81RMcZfSLau6PSazhpRWi1My"},
                {"QmXQKyr8cT6erZHVqcBBASydmkSF9CnkC8AnTV8UhimExH", "-", "d1/"},
                {"QmZX7bVCyEuxB6Mzm33yP77PQVuSFvveugDdenzH2yHnd6", "-", "d2/"},
                {"QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH", "5", "f1"},
                {"QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M", "5", "f2"}},
            {{"QmZX7bVCyEuxB6Mzm33yP77PQVuSFvveugDdenzH2yHnd6"},
                {"QmUc94gA5Vy3tp2gnBx4YnAQ3msnqDc4sdEUsZsrBV65Q3", "1024", "1024"},
                {"QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL", "6", "a"},
                {"QmQSLRRd1Lxn6NMsWmmj2g9W3LtSRfmVAVqU3ShneLUrbn", "8", "bad\\x7fname.txt"}},
            {{"QmXQKyr8cT6erZHVqcBBASydmkSF9CnkC8AnTV8UhimExH"},
                {"QmYGeKXr7Jef8FgFbrb6X2cY45od7anc2QstAJbWT2E5ak", "128", "128"},
                {"QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN", "6", "a"}}};
        for (int d = 0; d < dirs.length; d++) {
            if (d > 0) {
                t.line("");
            }
            t.line(dirs[d][0][0] + ":");
            if (headers) {
                t.line(size ? "Hash\tSize\tName" : "Hash\tName");
            }
            for (int i = 1; i < dirs[d].length; i++) {
                String[] e = dirs[d][i];
                t.line(size ? e[0] + "\t" + e[1] + "\t" + e[2] : e[0] + "\t" + e[2]);
            }
        }
        return t;
    }

    @Test
    void kubosLsOfThreeDirectories() {
        assertEquals("""
                QmYC14BmpHUBMttbWaqbdR81RMcZfSLau6PSazhpRWi1My:
                QmXQKyr8cT6erZHVqcBBASydmkSF9CnkC8AnTV8UhimExH - d1/
                QmZX7bVCyEuxB6Mzm33yP77PQVuSFvveugDdenzH2yHnd6 - d2/
                QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH 5 f1
                QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M 5 f2

                QmZX7bVCyEuxB6Mzm33yP77PQVuSFvveugDdenzH2yHnd6:
                QmUc94gA5Vy3tp2gnBx4YnAQ3msnqDc4sdEUsZsrBV65Q3 1024 1024
                QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL 6    a
                QmQSLRRd1Lxn6NMsWmmj2g9W3LtSRfmVAVqU3ShneLUrbn 8    bad\\x7fname.txt

                QmXQKyr8cT6erZHVqcBBASydmkSF9CnkC8AnTV8UhimExH:
                QmYGeKXr7Jef8FgFbrb6X2cY45od7anc2QstAJbWT2E5ak 128 128
                QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN 6   a
                """, render(threeDirectories(true, false)));
    }

    @Test
    void kubosLsWithoutSizes() {
        assertEquals("""
                QmYC14BmpHUBMttbWaqbdR81RMcZfSLau6PSazhpRWi1My:
                QmXQKyr8cT6erZHVqcBBASydmkSF9CnkC8AnTV8UhimExH d1/
                QmZX7bVCyEuxB6Mzm33yP77PQVuSFvveugDdenzH2yHnd6 d2/
                QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH f1
                QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M f2

                QmZX7bVCyEuxB6Mzm33yP77PQVuSFvveugDdenzH2yHnd6:
                QmUc94gA5Vy3tp2gnBx4YnAQ3msnqDc4sdEUsZsrBV65Q3 1024
                QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL a
                QmQSLRRd1Lxn6NMsWmmj2g9W3LtSRfmVAVqU3ShneLUrbn bad\\x7fname.txt

                QmXQKyr8cT6erZHVqcBBASydmkSF9CnkC8AnTV8UhimExH:
                QmYGeKXr7Jef8FgFbrb6X2cY45od7anc2QstAJbWT2E5ak 128
                QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN a
                """, render(threeDirectories(false, false)));
    }

    @Test
    void kubosLsWithHeaders() {
        assertEquals("""
                QmYC14BmpHUBMttbWaqbdR81RMcZfSLau6PSazhpRWi1My:
                Hash                                           Size Name
                QmXQKyr8cT6erZHVqcBBASydmkSF9CnkC8AnTV8UhimExH -    d1/
                QmZX7bVCyEuxB6Mzm33yP77PQVuSFvveugDdenzH2yHnd6 -    d2/
                QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH 5    f1
                QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M 5    f2

                QmZX7bVCyEuxB6Mzm33yP77PQVuSFvveugDdenzH2yHnd6:
                Hash                                           Size Name
                QmUc94gA5Vy3tp2gnBx4YnAQ3msnqDc4sdEUsZsrBV65Q3 1024 1024
                QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL 6    a
                QmQSLRRd1Lxn6NMsWmmj2g9W3LtSRfmVAVqU3ShneLUrbn 8    bad\\x7fname.txt

                QmXQKyr8cT6erZHVqcBBASydmkSF9CnkC8AnTV8UhimExH:
                Hash                                           Size Name
                QmYGeKXr7Jef8FgFbrb6X2cY45od7anc2QstAJbWT2E5ak 128  128
                QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN 6    a
                """, render(threeDirectories(true, true)));
    }

    /** Go's tabwriter widens a column for the whole block of lines that have a cell in it, nothing more. */
    @Test
    void aShorterLineEndsTheColumnBlock() {
        TextTable t = new TextTable(0, 1);
        t.row("NumObjects:", 7);
        t.row("RepoSize:", 12);
        t.line("no cells here");
        t.row("a:", "b");
        assertEquals("NumObjects: 7\nRepoSize:   12\nno cells here\na: b\n", render(t));
    }
}
