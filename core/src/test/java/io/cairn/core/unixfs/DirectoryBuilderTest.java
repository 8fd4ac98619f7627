package io.cairn.core.unixfs;

import static io.cairn.core.unixfs.TinyFiles.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.BlockSink;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Root CIDs and sizes pinned here were produced by the real ipfs-unixfs-importer 17.1.1 (with ipfs-unixfs 13.1.1,
 * hamt-sharding 3.0.8, @ipld/dag-pb 4.2.0) under node 24.21.0, with this script as {@code imp.mjs}:
 * <pre>
 * import { importer } from 'ipfs-unixfs-importer'
 * import { MemoryBlockstore } from 'blockstore-core'
 * const [n, cv, raw, strategy, threshold, extra] = process.argv.slice(2)
 * const te = new TextEncoder()
 * const files = []
 * for (let i = 0; i &lt; Number(n); i++) files.push({ path: `dir/f${i}`, content: te.encode(String(i)) })
 * if (extra) files.push({ path: `dir/${extra}`, content: te.encode('x') })
 * let last
 * for await (const e of importer(files, new MemoryBlockstore(), { cidVersion: Number(cv), rawLeaves: raw === 'true',
 *     shardSplitStrategy: strategy, shardSplitThresholdBytes: threshold ? Number(threshold) : undefined })) last = e
 * console.log(last.cid.toString(), String(last.size))
 * </pre>
 * e.g. {@code node imp.mjs 6751 0 false links-bytes}. The {@code imp2.mjs} variant quoted at some tests takes one
 * JSON argument instead: {@code names} (each file's content is its name) or {@code n}, {@code cidVersion},
 * {@code rawLeaves}, {@code strategy}, {@code threshold} ({@code shardSplitThresholdBytes}), {@code fanoutBits}
 * ({@code shardFanoutBits}), and {@code mode}/{@code mtime} given to a leading {@code {path: 'dir'}} entry.
 */
class DirectoryBuilderTest {
    private static final DirectoryBuilder V0 = DirectoryBuilder.create();

    private static DirectoryEntry build(DirectoryBuilder b, List<DirectoryEntry> entries, DirectoryReader reader)
            throws IOException {
        DirectoryEntry root = b.build("dir", entries, reader);
        List<DirectoryEntry> listed = reader.list(root);
        assertEquals(entries.size(), listed.size());
        for (DirectoryEntry e : entries) {
            assertEquals(e, reader.find(root.cid(), e.name()), e.name());
        }
        return root;
    }

    private static List<DirectoryEntry> named(List<String> names, int cidVersion, boolean rawLeaves) {
        List<DirectoryEntry> out = new ArrayList<>();
        for (String n : names) {
            out.add(TinyFiles.file(n, n, cidVersion, rawLeaves));
        }
        return out;
    }

    @Test
    void emptyDirectoryIsTheWellKnownNode() throws IOException {
        // node: importer([{ path: 'empty' }], bs, { cidVersion }) => QmUNLLs... 4 and bafybeiczsscd... 4
        DirectoryReader r = new DirectoryReader();
        DirectoryEntry v0 = build(V0, List.of(), r);
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", v0.cid().toString());
        assertEquals(4, v0.tsize());
        assertEquals("dir", v0.name());
        DirectoryEntry v1 = build(DirectoryBuilder.unixfsV1Profile(), List.of(), r);
        assertEquals("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354", v1.cid().toString());
        assertEquals(4, v1.tsize());
    }

    @Test
    void emptyDirectoryIsNeverSharded() throws IOException {
        // Block-bytes estimates an empty directory at 4 bytes, over a threshold of 0, but both Kubo and the
        // importer only reconsider sharding when an entry is added.
        DirectoryBuilder eager = DirectoryBuilder.unixfsV1Profile().shardingThreshold(0).inclusiveThreshold(true);
        assertFalse(eager.wouldShard(List.of()));
        assertEquals("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354",
                eager.build("e", List.of(), BlockSink.DISCARD).cid().toString());
    }

    @Test
    void smallDirectoryOfThreeFiles() throws IOException {
        // node imp.mjs 3 0 false links-bytes
        DirectoryEntry root = build(V0, files(3, 0, false, null), new DirectoryReader());
        assertEquals("QmZrUXQZ4BfnJespzhtvBXtFm2ydQs7ypEwGK4Y82rGygU", root.cid().toString());
        assertEquals(163, root.tsize());
    }

    @Test
    void sortsByUtf8BytesNotUtf16() throws IOException {
        // UTF-16 order would put U+1F600 (a surrogate pair, D83D...) before U+FF21; UTF-8 order (EF BC A1 before
        // F0 9F 98 80) puts it after.
        List<String> names = List.of("é", "z", "Z", "a", "\uD83D\uDE00", "\uFF21", "a b");
        DirectoryReader r = new DirectoryReader();
        DirectoryEntry root = build(V0, named(names, 0, false), r);
        assertEquals(List.of("Z", "a", "a b", "z", "é", "\uFF21", "\uD83D\uDE00"),
                r.list(root).stream().map(DirectoryEntry::name).toList());
        // node imp2.mjs '{"names":["é","z","Z","a","😀","Ａ","a b"],"cidVersion":0,"rawLeaves":false,
        //   "strategy":"links-bytes"}'
        assertEquals("QmWvxMbvafUQrN7PYT5CqK1uccRwbAeo59Wsc8i6CDim59", root.cid().toString());
        assertEquals(384, root.tsize());
        // same names, "cidVersion":1,"rawLeaves":true,"strategy":"block-bytes"
        DirectoryEntry v1 = build(DirectoryBuilder.unixfsV1Profile(), named(names, 1, true), r);
        assertEquals("bafybeia2sf5nakn2rj6bi5dzaixnwkt7pk6clgf655krnoarteaj5kbtmu", v1.cid().toString());
        assertEquals(342, v1.tsize());
    }

    @Test
    void rejectsDuplicateAndInvalidNames() {
        Cid c = TinyFiles.file("a", "a", 0, false).cid();
        assertThrows(IllegalArgumentException.class, () -> V0.build("d",
                List.of(new DirectoryEntry("a", c, 1), new DirectoryEntry("b", c, 1), new DirectoryEntry("a", c, 2)),
                BlockSink.DISCARD));
        assertThrows(IllegalArgumentException.class,
                () -> V0.build("d", List.of(new DirectoryEntry("", c, 1)), BlockSink.DISCARD));
        assertThrows(IllegalArgumentException.class,
                () -> V0.build("d", List.of(new DirectoryEntry("a/b", c, 1)), BlockSink.DISCARD));
        assertThrows(IllegalArgumentException.class,
                () -> V0.build("d", List.of(new DirectoryEntry("x\uD800", c, 1)), BlockSink.DISCARD));
        assertThrows(IllegalArgumentException.class, () -> new DirectoryEntry("a", c, -1));
    }

    @Test
    void tsizeIsBlockLengthPlusLinkTsizes() throws IOException {
        List<DirectoryEntry> entries = files(5, 0, false, null);
        DirectoryReader r = new DirectoryReader();
        DirectoryEntry root = V0.build("dir", entries, r);
        PbNode node = DagPb.decode(DagPb.encode(new PbNode(
                entries.stream().map(e -> PbLink.of(e.cid(), e.name(), e.tsize())).toList(),
                UnixFsData.directory().toBytes())));
        long sum = entries.stream().mapToLong(DirectoryEntry::tsize).sum();
        assertEquals(DagPb.encodedSize(node) + sum, root.tsize());
        assertEquals(1, r.blockCount());
    }

    /**
     * The sharding boundary under each estimation, CID version and leaf kind: the first row of each pair
     * estimates exactly 262,144 (stays a plain directory, since the comparison is {@code >}), the second
     * 262,145 (becomes a HAMT). Expected values from {@code node imp.mjs <n> <cidVersion> <rawLeaves> <strategy>
     * 262144 <extra>}.
     */
    @ParameterizedTest
    @CsvSource({
        "6750, 0, false, LINKS_BYTES, , 262140, false, QmYMFcqExiZkdgwZKEhZMVCLzjLT98Y9TYT1HsBxeiyipt, 396034",
        "6751, 0, false, LINKS_BYTES, , 262179, true, QmbZTSRCFQ7GxNGDEdczQKnrJVsNPX3fURydmN4UAqrwee, 458595",
        "6749, 0, false, LINKS_BYTES, extra_abc, 262144, false, QmVb3hyTF1MA86Q65fv6rzoP4vT1ViPqFGdYVHosFC2mC1, 396035",
        "6749, 0, false, LINKS_BYTES, extra_abcd, 262145, true, QmRS1X8HGyUG3eQz9unm1xfKsELKUWyAm9ffZELi6a35b3, 458536",
        "6419, 1, false, LINKS_BYTES, extra_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, 262144, false,"
                + " bafybeieuc7izbuaxewtpwfldbytiwwiu6tott5wr2zmc7vgzwmtyx5yaiq, 389435",
        "6419, 1, false, LINKS_BYTES, extra_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab, 262145, true,"
                + " bafybeidcytkki3w6dqakkeoffc76z4dxly4wfszpyt24dvv37rxlcgdjba, 450242",
        "6419, 1, true, LINKS_BYTES, extra_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, 262144, false,"
                + " bafybeiec3zz3funcvq5wemmtbyhm3kspfi2qxyvj4aqdbmnguw6jwr3frm, 338075",
        "6419, 1, true, LINKS_BYTES, extra_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab, 262145, true,"
                + " bafybeia3vmpc4cqrpm6cnpowk6lxcdvmq7vmcej35zvafytolpynoqnmxu, 398869",
        "6419, 0, true, LINKS_BYTES, extra_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, 262144, false,"
                + " QmX9WSvumEFKKB2QYGqB37bpWSmccUXLu8LAD1FqYDefwG, 338075",
        "6419, 0, true, LINKS_BYTES, extra_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab, 262145, true,"
                + " QmYBVfbwaBffA3UneNpnhoWQcjSieW6zveiPZ25ncjoo8n, 397729",
        "5371, 1, true, BLOCK_BYTES, extra_aaaaaaaaaaaaaaaaaaaaa, 262144, false,"
                + " bafybeiag72clbe2zscnqtwyvbedlukgphrg6zo5e7iea2vnu4yhcad3dpq, 282519",
        "5371, 1, true, BLOCK_BYTES, extra_aaaaaaaaaaaaaaaaaaaaab, 262145, true,"
                + " bafybeierkmiawf2zw53tptk6npisovafgptk2z5ku34vs3q54y5cretuq4, 333646",
        "5371, 1, false, BLOCK_BYTES, extra_aaaaaaaaaaaaaaaaaaaaa, 262144, false,"
                + " bafybeiflt6ukk6z357pax435e2yicn3k7i6e5ub22txjeja7bpy5lmaahy, 325495",
        "5371, 1, false, BLOCK_BYTES, extra_aaaaaaaaaaaaaaaaaaaaab, 262145, true,"
                + " bafybeibcoj65emdqjz5oh2fhs4hldnkbg5ngghvjgmu5bps46p5znx7hm4, 376631",
        "5600, 0, false, BLOCK_BYTES, extra_ab, 262144, false, QmVdBCmMn3vGcVCfWSidHR3GtqzGZNQGH1iQ1K21prt1Xk, 328243",
        "5600, 0, false, BLOCK_BYTES, extra_abc, 262145, true, QmWnS7TadyaVuMhzVfvhg9eSgBMNbfDZrCGFZNeyGFaXjE, 380828",
    })
    void shardingBoundaryMatchesIpfsUnixfsImporter(int n, int cidVersion, boolean rawLeaves,
            ShardSizeEstimation estimation, String extra, long estimate, boolean sharded, String cid, long tsize)
            throws IOException {
        DirectoryBuilder b = DirectoryBuilder.create().cidVersion(cidVersion).sizeEstimation(estimation);
        List<DirectoryEntry> entries = files(n, cidVersion, rawLeaves, extra);
        assertEquals(estimate, b.estimateSize(entries));
        assertEquals(sharded, b.wouldShard(entries));
        DirectoryReader r = new DirectoryReader();
        DirectoryEntry root = build(b, entries, r);
        assertEquals(cid, root.cid().toString());
        assertEquals(tsize, root.tsize());
        assertEquals(sharded, r.blockCount() > 1);
    }

    /**
     * ipfs-unixfs-importer estimates while subdirectories are still unbuilt, so they never count: with 6749 files
     * plus {@code extra_abc} (exactly 262,144 links-bytes) and a subdirectory {@code sub/inner}, it keeps a plain
     * directory although the full estimate is 262,181. Kubo counts the subdirectory and shards. Same files as
     * {@code node imp.mjs 6749 0 false links-bytes 262144 extra_abc} plus {@code {path: 'dir/sub/inner',
     * content: 'y'}}, which printed {@code dir/sub QmdUee... 60} and {@code dir QmNcyP2y... 396140}.
     */
    @Test
    void subdirectoriesCanBeLeftOutOfTheEstimateLikeTheJsImporter() throws IOException {
        DirectoryEntry sub = V0.build("sub", List.of(TinyFiles.file("inner", "y", 0, false)), BlockSink.DISCARD);
        assertEquals("QmdUeeCdvRvRSMWDD1pi98Urj2Ys2oURaMGJyNUvwuJYEu", sub.cid().toString());
        assertEquals(60, sub.tsize());
        List<DirectoryEntry> entries = new ArrayList<>(files(6749, 0, false, "extra_abc"));
        entries.add(sub);
        assertEquals(262181, V0.estimateSize(entries));
        assertTrue(V0.wouldShard(entries));
        DirectoryReader r = new DirectoryReader();
        DirectoryEntry root = V0.build("dir", entries, e -> e != sub, r);
        assertEquals("QmNcyP2y6RNxsoseKXKt6DDv8YEmCKWUWjEvNjFGVWG2D1", root.cid().toString());
        assertEquals(396140, root.tsize());
        assertEquals(UnixFsType.DIRECTORY, r.typeOf(root.cid()));
        // The same exclusion under block-bytes leaves exactly the counted links' bytes plus the data field.
        DirectoryBuilder v1 = DirectoryBuilder.unixfsV1Profile();
        List<DirectoryEntry> counted = files(6749, 0, false, "extra_abc");
        DirectoryEntry plain = v1.shardingThreshold(Long.MAX_VALUE).build("dir", counted, r);
        assertEquals(r.blockLength(plain.cid()), v1.estimateSize(counted));
    }

    @Test
    void inclusiveThresholdShardsAtExactlyTheThreshold() {
        // Kubo 0.11-0.39 compared with >=; no importer still does, so this only checks the switch itself.
        List<DirectoryEntry> atThreshold = files(6749, 0, false, "extra_abc");
        assertFalse(V0.wouldShard(atThreshold));
        assertTrue(V0.inclusiveThreshold(true).wouldShard(atThreshold));
        assertFalse(V0.inclusiveThreshold(true).wouldShard(files(6749, 0, false, "extra_ab")));
        assertFalse(V0.shardingThreshold(Long.MAX_VALUE).wouldShard(files(7000, 0, false, null)));
    }

    @Test
    void smallHamtWithUnicodeNames() throws IOException {
        // imp2.mjs '{"names":["a","b","é","z","Z","😀","f0"],"cidVersion":1,"rawLeaves":true,
        //   "strategy":"links-bytes","threshold":0}'
        List<String> names = List.of("a", "b", "é", "z", "Z", "\uD83D\uDE00", "f0");
        DirectoryReader r = new DirectoryReader();
        DirectoryEntry root = build(V0.cidVersion(1).shardingThreshold(0), named(names, 1, true), r);
        assertEquals("bafybeibxktqrsv7y4udogsfuumh4bww2qn536umv3e3r33sslwgy7vkp4m", root.cid().toString());
        assertEquals(383, root.tsize());
    }

    @Test
    void hamtRootCarriesModeAndMtime() throws IOException {
        // imp2.mjs '{"names":["a","b","é","z","Z","😀","f0"],"cidVersion":0,"rawLeaves":false,
        //   "strategy":"links-bytes","threshold":0,"mode":448,"mtime":[1700000000,5]}'
        List<String> names = List.of("a", "b", "é", "z", "Z", "\uD83D\uDE00", "f0");
        DirectoryReader r = new DirectoryReader();
        DirectoryEntry root = build(V0.shardingThreshold(0).mode(0700).mtime(new UnixFsMtime(1700000000, 5)),
                named(names, 0, false), r);
        assertEquals("QmVjjzfpNaZsa2yUrrVrNLaw7VLggoMBVTKDwoVHTZf7kn", root.cid().toString());
        assertEquals(441, root.tsize());
    }

    @ParameterizedTest
    @CsvSource({
        // imp2.mjs '{"n":2000,"cidVersion":1,"rawLeaves":true,"strategy":"links-bytes","threshold":0,
        //   "fanoutBits":4}'
        "2000, 16, LINKS_BYTES, 0, bafybeihzudyutfkfslomaedcs2xs5f6gkfbcep5q7hdplxfv3uez7vospa, 143313, 655",
        // '{"n":3000,"cidVersion":1,"rawLeaves":true,"strategy":"block-bytes","threshold":1000,"fanoutBits":10}'
        "3000, 1024, BLOCK_BYTES, 1000, bafybeiguv35mi5xnaqr7e65l4ag55fydsh7tvjycfatt4bdi2qk42cmheq, 291852, 804",
        // '{"n":300,"cidVersion":1,"rawLeaves":true,"strategy":"block-bytes","threshold":100,"fanoutBits":3}'
        "300, 8, BLOCK_BYTES, 100, bafybeiaayprj4iitawyqbhxhdhmmkt3rkdadk64qgazivxwtfygnd6kvne, 23258, 140",
    })
    void otherFanouts(int n, int fanout, ShardSizeEstimation estimation, long threshold, String cid, long tsize,
            int shardBlocks) throws IOException {
        // The importer's block count minus its n file blocks gives the shard count.
        DirectoryReader r = new DirectoryReader();
        DirectoryEntry root = build(DirectoryBuilder.create().cidVersion(1).sizeEstimation(estimation)
                .shardingThreshold(threshold).fanout(fanout), files(n, 1, true, null), r);
        assertEquals(cid, root.cid().toString());
        assertEquals(tsize, root.tsize());
        assertEquals(shardBlocks, r.blockCount());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> V0.cidVersion(2));
        assertThrows(IllegalArgumentException.class, () -> V0.hashFunction(HashFunction.BLAKE3));
        assertThrows(IllegalArgumentException.class, () -> V0.cidVersion(1).hashFunction(HashFunction.BLAKE3)
                .cidVersion(0));
        assertThrows(IllegalArgumentException.class, () -> V0.fanout(4));
        assertThrows(IllegalArgumentException.class, () -> V0.fanout(2048));
        assertThrows(IllegalArgumentException.class, () -> V0.fanout(100));
        assertThrows(IllegalArgumentException.class, () -> V0.shardingThreshold(-1));
        assertEquals(HashFunction.BLAKE3, V0.cidVersion(1).hashFunction(HashFunction.BLAKE3).hashFunction());
    }
}
