package io.cairn.network.bitswap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.interop.NodeInterop;
import io.cairn.core.ipld.DagTraversal;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.network.host.Host;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn's Bitswap against a real Helia 7 node (@helia/bitswap, @helia/unixfs, js-libp2p 3 from npm) on loopback:
 * each side fetches a multi-block UnixFS file the other added, the bytes are identical, and both sides compute
 * the same root CID for the same bytes and import settings. Helia's side is interop/js/helia-peer.mjs.
 */
class HeliaBitswapInteropIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int CHUNK = 256 * 1024;

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Host cairn;
    private MemoryBlockStore store;
    private Bitswap bitswap;
    private HeliaPeer helia;

    @BeforeEach
    void start() throws Exception {
        NodeInterop js = NodeInterop.get();
        cairn = Host.builder(Ed25519KeyPair.generate(new SecureRandom()))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).start();
        open.add(cairn);
        store = new MemoryBlockStore();
        bitswap = Bitswap.builder(cairn, store).fetchTimeout(Duration.ofSeconds(60)).start();
        open.add(bitswap);
        helia = new HeliaPeer(js);
        open.add(helia);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private Map<String, Object> heliaAdd(byte[] data, Map<String, Object> options) throws IOException {
        Path file = Files.write(tmp.resolve("helia-" + System.nanoTime() + ".bin"), data);
        Map<String, Object> cmd = new LinkedHashMap<>(options);
        cmd.put("cmd", "add");
        cmd.put("path", file.toString());
        Map<String, Object> added = helia.call(cmd, TIMEOUT);
        assertEquals(data.length, ((Number) added.get("length")).intValue());
        return added;
    }

    private static FileLink cairnImport(byte[] data, ImportOptions options, MemoryBlockStore into)
            throws IOException {
        return new UnixFsImporter(options, into::put, (path, link) -> { }).addStream(new ByteArrayInputStream(data));
    }

    private String cairnAddress() {
        return cairn.listenAddresses().get(0) + "/p2p/" + cairn.peerId();
    }

    /** Cairn reads a whole file through one session, storing every block it fetched. */
    private byte[] cairnFetch(Cid root, MemoryBlockStore fetched) throws IOException {
        try (BitswapSession session = bitswap.newSession()) {
            BlockSource source = cid -> session.get(cid).thenApply(b -> {
                fetched.put(b);
                return b;
            });
            try (InputStream in = new UnixFsReader(source).open(root)) {
                return in.readAllBytes();
            }
        }
    }

    private static List<Cid> dagCids(BlockSource source, Cid root) throws IOException {
        List<Cid> cids = new ArrayList<>();
        DagTraversal.walk(source, root, block -> cids.add(block.cid()));
        return cids;
    }

    @Test
    void cairnFetchesAFileHeliaAddedWithRawLeaves() throws Exception {
        byte[] data = randomBytes(3 * 1024 * 1024 + 12345, 1);
        Map<String, Object> added = heliaAdd(data, Map.of("chunkSize", CHUNK, "rawLeaves", true, "cidVersion", 1));
        Cid root = Cid.parse((String) added.get("cid"));
        // Cairn computes the same root for the same bytes and settings (Helia's: CIDv1, raw leaves, 1024 links)
        MemoryBlockStore local = new MemoryBlockStore();
        FileLink mine = cairnImport(data, ImportOptions.builder().cidVersion(1).rawLeaves(true)
                .chunker("size-" + CHUNK).maxLinks(1024).build(), local);
        assertEquals(root, mine.cid());

        cairn.connect(Multiaddr.parse(helia.address)).thenCompose(c -> c.identified()).get(30, TimeUnit.SECONDS);
        MemoryBlockStore fetched = new MemoryBlockStore();
        byte[] got = cairnFetch(root, fetched);
        assertEquals(sha256(data), sha256(got));
        assertArrayEquals(data, got);
        // every block of the DAG came over the wire: 13 leaves and the root
        List<Cid> dag = dagCids(BlockSource.of(local), root);
        assertEquals(14, dag.size());
        assertEquals(dag.size(), fetched.count());
        for (Cid c : dag) {
            assertArrayEquals(local.get(c.multihash()).orElseThrow(), fetched.get(c.multihash()).orElseThrow());
        }
    }

    @Test
    void heliaFetchesAFileCairnAddedWithKuboDefaults() throws Exception {
        byte[] data = randomBytes(3 * 1024 * 1024, 2);
        FileLink link = cairnImport(data, ImportOptions.defaults(), store);
        List<Cid> dag = dagCids(BlockSource.of(store), link.cid());
        assertEquals(13, dag.size());
        assertEquals(0, link.cid().version());

        Map<String, Object> dialed = helia.call(Map.of("cmd", "dial", "addr", cairnAddress()), TIMEOUT);
        assertEquals(cairn.peerId().toString(), dialed.get("peer"));
        assertTrue(((List<?>) dialed.get("protocols")).contains("/ipfs/bitswap/1.2.0"), dialed.toString());
        Map<String, Object> cat = helia.call(Map.of("cmd", "cat", "cid", link.cid().toString(),
                "timeoutMs", 60_000), TIMEOUT);
        assertEquals(data.length, ((Number) cat.get("length")).intValue());
        assertEquals(sha256(data), cat.get("sha256"));
        for (Cid c : dag) {
            assertEquals(Boolean.TRUE, helia.call(Map.of("cmd", "has", "cid", c.toString()), TIMEOUT).get("has"),
                    "helia stored " + c);
        }
        // Helia computes the same root for the same bytes with Kubo's settings
        Map<String, Object> same = heliaAdd(data, Map.of("chunkSize", CHUNK, "rawLeaves", false, "cidVersion", 0,
                "maxChildrenPerNode", 174));
        assertEquals(link.cid().toString(), same.get("cid"));
    }

    /**
     * Helia aborts an inbound Bitswap stream that carries no message for 10 s (@helia/bitswap's
     * messageReceiveTimeout), while Cairn keeps one outbound stream per peer: the next message after a quiet spell
     * must still arrive, both Cairn's blocks for Helia's wants and Cairn's own wants.
     */
    @Test
    void transfersStillWorkAfterAQuietSpellLongerThanHeliasStreamTimeout() throws Exception {
        byte[] first = randomBytes(4 * CHUNK, 5);
        byte[] second = randomBytes(4 * CHUNK, 6);
        FileLink a = cairnImport(first, ImportOptions.defaults(), store);
        FileLink b = cairnImport(second, ImportOptions.defaults(), store);
        byte[] theirsA = randomBytes(3 * CHUNK, 7);
        byte[] theirsB = randomBytes(3 * CHUNK, 8);
        Cid rootA = Cid.parse((String) heliaAdd(theirsA, Map.of("chunkSize", CHUNK)).get("cid"));
        Cid rootB = Cid.parse((String) heliaAdd(theirsB, Map.of("chunkSize", CHUNK)).get("cid"));
        helia.call(Map.of("cmd", "dial", "addr", cairnAddress()), TIMEOUT);
        BitswapTest.waitUntil(() -> cairn.connection(PeerId.parse(helia.peerId))
                .map(c -> c.identified().isDone()).orElse(false));

        assertEquals(sha256(first), helia.call(Map.of("cmd", "cat", "cid", a.cid().toString(),
                "timeoutMs", 30_000), TIMEOUT).get("sha256"));
        assertArrayEquals(theirsA, cairnFetch(rootA, new MemoryBlockStore()));
        Thread.sleep(12_000);
        assertEquals(sha256(second), helia.call(Map.of("cmd", "cat", "cid", b.cid().toString(),
                "timeoutMs", 30_000), TIMEOUT).get("sha256"));
        assertArrayEquals(theirsB, cairnFetch(rootB, new MemoryBlockStore()));
    }

    @Test
    void bothWaysWithATwoLevelDagAndBothPeersConnected() throws Exception {
        // 200 leaves: past Kubo's 174 links, so the root links to interior nodes
        byte[] mine = randomBytes(200 * CHUNK - 7, 3);
        FileLink link = cairnImport(mine, ImportOptions.defaults(), store);
        List<Cid> dag = dagCids(BlockSource.of(store), link.cid());
        assertEquals(203, dag.size());
        byte[] theirs = randomBytes(40 * CHUNK + 1, 4);
        Cid theirRoot = Cid.parse((String) heliaAdd(theirs, Map.of("chunkSize", CHUNK, "maxChildrenPerNode", 16))
                .get("cid"));
        helia.call(Map.of("cmd", "dial", "addr", cairnAddress()), TIMEOUT);
        BitswapTest.waitUntil(() -> cairn.connection(PeerId.parse(helia.peerId))
                .map(c -> c.identified().isDone()).orElse(false));

        Map<String, Object> cat = helia.call(Map.of("cmd", "cat", "cid", link.cid().toString(),
                "timeoutMs", 90_000), TIMEOUT);
        assertEquals(sha256(mine), cat.get("sha256"));
        MemoryBlockStore fetched = new MemoryBlockStore();
        assertArrayEquals(theirs, cairnFetch(theirRoot, fetched));
        assertEquals(dagCids(BlockSource.of(fetched), theirRoot).size(), fetched.count());
        assertTrue(fetched.count() > 41, "a two-level DAG: " + fetched.count());
    }
}
