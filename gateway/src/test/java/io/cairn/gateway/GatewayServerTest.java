package io.cairn.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.car.CarReader;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.ipld.DagTraversal;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.core.unixfs.DirectoryBuilder;
import io.cairn.core.unixfs.DirectoryEntry;
import io.cairn.core.unixfs.UnixFsType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over real HTTP on 127.0.0.1, serving DAGs built by core's importer into a memory store. */
class GatewayServerTest {
    static final MemoryBlockStore STORE = new MemoryBlockStore();
    static final AtomicInteger FETCHES = new AtomicInteger();
    static GatewayServer server;
    static HttpClient http;
    static byte[] big;              // 3 MiB: 12 leaves under one root with the default 256 KiB chunker
    static Cid bigCid;
    static Cid dir;                 // a.txt, pic (PNG without extension), page.html, sub/ (with index.html)
    static Cid hamt;                // 10,000 entries, sharded
    static Cid missing;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        bigCid = importStream(big).cid();
        Path d = tmp.resolve("site");
        Files.createDirectories(d.resolve("sub"));
        Files.writeString(d.resolve("a.txt"), "hello a\n");
        Files.write(d.resolve("pic"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13});
        Files.writeString(d.resolve("page.html"), "<p>page</p>");
        Files.writeString(d.resolve("sub/index.html"), "<h1>index of sub</h1>");
        dir = new UnixFsImporter(ImportOptions.defaults(), STORE, (p, l) -> { }).addPaths(List.of(d)).cid();
        FileLink small = importStream("entry\n".getBytes(StandardCharsets.UTF_8));
        List<DirectoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            entries.add(new DirectoryEntry("file-" + i + ".txt", small.cid(), small.tsize()));
        }
        hamt = DirectoryBuilder.create().build("big", entries, STORE).cid();
        missing = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, "not stored".getBytes(StandardCharsets.UTF_8));
        BlockSource counting = cid -> {
            FETCHES.incrementAndGet();
            return BlockSource.of(STORE).get(cid);
        };
        server = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), counting, LocalBlocks.of(STORE),
                GatewayOptions.builder().maxHeaderSize(4096).build());
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static FileLink importStream(byte[] data) throws IOException {
        return new UnixFsImporter(ImportOptions.defaults(), STORE, (p, l) -> { })
                .addStream(new ByteArrayInputStream(data));
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Sends raw bytes and returns the status line; for requests HttpClient will not send. */
    static String rawStatus(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().strip();
        }
    }

    @Test
    void fileIsServedWithImmutableCachingHeaders() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + bigCid);
        assertEquals(200, r.statusCode());
        assertArrayEquals(big, r.body());
        assertEquals("\"" + bigCid + "\"", header(r, "etag"));
        assertEquals("public, max-age=29030400, immutable", header(r, "cache-control"));
        assertEquals("/ipfs/" + bigCid, header(r, "x-ipfs-path"));
        assertEquals(bigCid.toString(), header(r, "x-ipfs-roots"));
        assertEquals("application/octet-stream", header(r, "content-type"));
        assertEquals(String.valueOf(big.length), header(r, "content-length"));
    }

    @Test
    void headHasTheHeadersAndNoBody() throws Exception {
        HttpResponse<byte[]> r = send("HEAD", "/ipfs/" + bigCid);
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals(String.valueOf(big.length), header(r, "content-length"));
        assertEquals("\"" + bigCid + "\"", header(r, "etag"));
    }

    @Test
    void ifNoneMatchGives304() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + bigCid, "If-None-Match", "\"other\", \"" + bigCid + "\"");
        assertEquals(304, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals("\"" + bigCid + "\"", header(r, "etag"));
        assertEquals(200, get("/ipfs/" + bigCid, "If-None-Match", "\"other\"").statusCode());
    }

    @Test
    void singleRangesAre206AndBogusOnes416() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + bigCid, "Range", "bytes=1000000-1300000");
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(big, 1_000_000, 1_300_001), r.body());
        assertEquals("bytes 1000000-1300000/" + big.length, header(r, "content-range"));
        HttpResponse<byte[]> suffix = get("/ipfs/" + bigCid, "Range", "bytes=-10");
        assertArrayEquals(Arrays.copyOfRange(big, big.length - 10, big.length), suffix.body());
        for (String bogus : List.of("bytes=" + big.length + "-", "bytes=9-2", "bytes=abc", "bytes=-0", "bytes=5")) {
            HttpResponse<byte[]> bad = get("/ipfs/" + bigCid, "Range", bogus);
            assertEquals(416, bad.statusCode(), bogus);
            assertEquals("bytes */" + big.length, header(bad, "content-range"), bogus);
        }
        assertEquals(200, get("/ipfs/" + bigCid, "Range", "items=0-5").statusCode());
    }

    @Test
    void directoriesRedirectThenListOrServeTheirIndex() throws Exception {
        HttpResponse<byte[]> redirect = get("/ipfs/" + dir + "?x=1");
        assertEquals(301, redirect.statusCode());
        assertEquals("/ipfs/" + dir + "/?x=1", header(redirect, "location"));
        HttpResponse<byte[]> listing = get("/ipfs/" + dir + "/");
        assertEquals(200, listing.statusCode());
        assertEquals("text/html; charset=utf-8", header(listing, "content-type"));
        String html = text(listing);
        for (String name : List.of("a.txt", "pic", "page.html", "sub")) {
            assertTrue(html.contains(">" + name + "</a>"), name);
        }
        assertTrue(header(listing, "etag").startsWith("\"DirIndex-"));
        HttpResponse<byte[]> index = get("/ipfs/" + dir + "/sub/");
        assertEquals("<h1>index of sub</h1>", text(index));
        assertEquals("text/html; charset=utf-8", header(index, "content-type"));
    }

    @Test
    void pathsResolveAndReportTheirRoots() throws Exception {
        UnixFsReader reader = new UnixFsReader(BlockSource.of(STORE));
        Cid a = reader.resolve(dir, "a.txt");
        HttpResponse<byte[]> r = get("/ipfs/" + dir + "/a.txt");
        assertEquals("hello a\n", text(r));
        assertEquals(dir + "," + a, header(r, "x-ipfs-roots"));
        assertEquals("text/plain; charset=utf-8", header(r, "content-type"));
        assertEquals("image/png", header(get("/ipfs/" + dir + "/pic"), "content-type"));
        assertEquals("text/html; charset=utf-8", header(get("/ipfs/" + dir + "/page.html"), "content-type"));
        assertEquals(404, get("/ipfs/" + dir + "/nope.txt").statusCode());
    }

    @Test
    void filenameAndDownloadSetContentDisposition() throws Exception {
        assertEquals("inline; filename=\"x.txt\"",
                header(get("/ipfs/" + dir + "/a.txt?filename=x.txt"), "content-disposition"));
        assertEquals("attachment; filename=\"x.txt\"",
                header(get("/ipfs/" + dir + "/a.txt?filename=x.txt&download=true"), "content-disposition"));
        // The example of path-gateway.md.
        assertEquals("inline; filename=\"test____.jpg\"; filename*=UTF-8''test%D1%82%D0%B5%D1%81%D1%82.jpg",
                header(get("/ipfs/" + dir + "/a.txt?filename=test%D1%82%D0%B5%D1%81%D1%82.jpg"),
                        "content-disposition"));
    }

    @Test
    void rawBlocksOfAnyCodec() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + dir + "?format=raw");
        assertEquals(200, r.statusCode());
        Block.verified(dir, r.body());      // throws unless the body hashes to the CID
        assertEquals("application/vnd.ipld.raw", header(r, "content-type"));
        assertEquals("\"" + dir + ".raw\"", header(r, "etag"));
        assertEquals("attachment; filename=\"" + dir + ".bin\"", header(r, "content-disposition"));
        assertEquals("nosniff", header(r, "x-content-type-options"));
        HttpResponse<byte[]> byAccept = get("/ipfs/" + bigCid, "Accept", "application/vnd.ipld.raw");
        Block.verified(bigCid, byAccept.body());
        assertEquals("/ipfs/" + bigCid + "?format=raw", header(byAccept, "content-location"));
    }

    static List<Block> car(HttpResponse<byte[]> r, Cid root) throws IOException {
        assertEquals(200, r.statusCode(), () -> text(r));
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(r.body()))) {
            assertEquals(List.of(root), reader.roots());
            List<Block> blocks = new ArrayList<>();
            for (Block b = reader.next(); b != null; b = reader.next()) {
                blocks.add(b);     // CarReader verified each block against its CID
            }
            return blocks;
        }
    }

    static List<Cid> cids(List<Block> blocks) {
        List<Cid> out = new ArrayList<>();
        blocks.forEach(b -> out.add(b.cid()));
        return out;
    }

    @Test
    void carOfAWholeDagHasEveryBlockInDepthFirstOrder() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/" + dir + "?format=car");
        assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=n", header(r, "content-type"));
        List<Cid> expected = new ArrayList<>();
        DagTraversal.walk(BlockSource.of(STORE), dir, b -> expected.add(b.cid()));
        assertEquals(expected, cids(car(r, dir)));
        HttpResponse<byte[]> byAccept = get("/ipfs/" + dir, "Accept", "application/vnd.ipld.car; version=1");
        assertEquals(expected, cids(car(byAccept, dir)));
    }

    @Test
    void carScopesAndEntityBytes() throws Exception {
        assertEquals(List.of(bigCid), cids(car(get("/ipfs/" + bigCid + "?format=car&dag-scope=block"), bigCid)));
        List<Block> all = car(get("/ipfs/" + bigCid + "?format=car&dag-scope=entity"), bigCid);
        assertEquals(13, all.size());     // the root and 12 leaves of 256 KiB
        // Bytes 300,000 to 600,000 lie in leaves 1 and 2 (each holds 262,144 bytes).
        List<Block> range = car(get("/ipfs/" + bigCid + "?format=car&entity-bytes=300000:600000"), bigCid);
        assertEquals(List.of(all.get(0).cid(), all.get(2).cid(), all.get(3).cid()), cids(range));
        List<Block> tail = car(get("/ipfs/" + bigCid + "?format=car&entity-bytes=-10:*"), bigCid);
        assertEquals(List.of(all.get(0).cid(), all.get(12).cid()), cids(tail));
        assertEquals(400, get("/ipfs/" + bigCid + "?format=car&entity-bytes=9:2").statusCode());
        assertEquals(400, get("/ipfs/" + bigCid + "?format=car&dag-scope=most").statusCode());
        // A path's CAR starts with the directory that proves the path, then the file.
        Cid a = new UnixFsReader(BlockSource.of(STORE)).resolve(dir, "a.txt");
        assertEquals(List.of(dir, a), cids(car(get("/ipfs/" + dir + "/a.txt?format=car"), dir)));
    }

    @Test
    void carWithDupsRepeatsBlocks() throws Exception {
        // Two leaves of identical bytes: one block linked twice.
        byte[] twice = new byte[2 * 262_144];
        FileLink f = importStream(twice);
        HttpResponse<byte[]> once = get("/ipfs/" + f.cid() + "?format=car");
        HttpResponse<byte[]> dups = get("/ipfs/" + f.cid() + "?format=car&car-dups=y");
        assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=y", header(dups, "content-type"));
        assertEquals(2, car(once, f.cid()).size());
        List<Block> withDups = car(dups, f.cid());
        assertEquals(3, withDups.size());
        assertEquals(withDups.get(1).cid(), withDups.get(2).cid());
    }

    @Test
    void identityProbe() throws Exception {
        HttpResponse<byte[]> r = get("/ipfs/bafkqaaa");
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
        HttpResponse<byte[]> raw = get("/ipfs/bafkqaaa?format=raw");
        assertEquals(200, raw.statusCode());
        assertEquals(0, raw.body().length);
        assertEquals(List.of(), car(get("/ipfs/bafkqaaa?format=car"), Cid.parse("bafkqaaa")));
    }

    @Test
    void hamtDirectoryOf10000EntriesIsListedAndResolved() throws Exception {
        assertEquals(UnixFsType.HAMT_SHARD, new UnixFsReader(BlockSource.of(STORE)).load(hamt).type());
        long start = System.nanoTime();
        HttpResponse<byte[]> r = get("/ipfs/" + hamt + "/");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode());
        String html = text(r);
        Set<String> names = new HashSet<>();
        for (int i = html.indexOf(">file-"); i >= 0; i = html.indexOf(">file-", i + 1)) {
            names.add(html.substring(i + 1, html.indexOf('<', i)));
        }
        assertEquals(10_000, names.size());
        assertTrue(millis < 5_000, "listing took " + millis + " ms");
        assertEquals("entry\n", text(get("/ipfs/" + hamt + "/file-4321.txt")));
        // The CAR of a HAMT entity holds the shards and none of the entries.
        List<Block> shards = car(get("/ipfs/" + hamt + "?format=car&dag-scope=entity"), hamt);
        assertTrue(shards.size() > 1);
        for (Block b : shards) {
            assertEquals(UnixFsType.HAMT_SHARD, new UnixFsReader(BlockSource.of(STORE)).load(b.cid()).type());
        }
    }

    @Test
    void badInputGetsTheRightStatusAndNoStackTrace() throws Exception {
        HttpResponse<byte[]> badCid = get("/ipfs/notacid");
        assertEquals(400, badCid.statusCode());
        assertEquals("text/plain; charset=utf-8", header(badCid, "content-type"));
        assertFalse(text(badCid).contains("\tat "), text(badCid));
        assertEquals(400, get("/ipfs/" + dir + "/%2e%2e/x").statusCode());
        assertTrue(rawStatus("GET /ipfs/" + dir + "/../a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 400"));
        assertTrue(rawStatus("GET /ipfs/" + dir + "/a%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 400"));
        assertEquals(404, get("/ipfs/" + missing).statusCode());
        assertEquals(404, get("/ipfs/" + missing + "?format=car").statusCode());
        assertEquals(404, get("/nothing").statusCode());
        HttpResponse<byte[]> post = send("POST", "/ipfs/" + bigCid);
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", header(post, "allow"));
        assertEquals(406, get("/ipfs/" + bigCid, "Accept", "application/x-tar").statusCode());
        assertEquals(406, get("/ipfs/" + bigCid, "Accept", "application/vnd.ipld.car; version=2").statusCode());
        assertEquals(400, get("/ipfs/" + bigCid + "?format=zip").statusCode());
        String huge = "GET /ipfs/" + bigCid + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n";
        assertTrue(rawStatus(huge).startsWith("HTTP/1.1 431"), rawStatus(huge));
    }

    @Test
    void onlyIfCachedIs412OnAMiss() throws Exception {
        HttpResponse<byte[]> miss = get("/ipfs/" + missing, "Cache-Control", "only-if-cached");
        assertEquals(412, miss.statusCode());
        assertEquals(0, miss.body().length);
        assertEquals(200, send("HEAD", "/ipfs/" + bigCid, "Cache-Control", "only-if-cached").statusCode());
    }

    @Test
    void aClientThatGoesAwayStopsTheWork() throws Exception {
        byte[] huge = new byte[48 << 20];      // 192 leaves
        new Random(3).nextBytes(huge);
        Cid cid = importStream(huge).cid();
        int before = FETCHES.get();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(("GET /ipfs/" + cid + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readNBytes(1000);
        }
        Thread.sleep(1000);
        int fetched = FETCHES.get() - before;
        Thread.sleep(500);
        assertEquals(fetched, FETCHES.get() - before, "still reading after the client left");
        assertTrue(fetched < 150, "read " + fetched + " of 193 blocks for a client that left");
    }

    /** Sources whose failures stand for the network: blocked, failing, slow. */
    @Test
    void concurrencyLimitAndNetworkFailures() throws Exception {
        CompletableFuture<Block> never = new CompletableFuture<>();
        Cid slow = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {1});
        Cid noProvider = Cid.of(1, Multicodec.RAW, HashFunction.SHA2_256, new byte[] {2});
        BlockSource network = cid -> cid.equals(slow) ? never
                : cid.equals(noProvider) ? CompletableFuture.failedFuture(new RetrievalFailedException(cid, "none"))
                : CompletableFuture.failedFuture(new BlockNotFoundException(cid));
        try (GatewayServer g = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), network, c -> false,
                GatewayOptions.builder().maxConcurrentRequests(1).retrievalTimeout(Duration.ofMillis(1500))
                        .retryAfterSeconds(7).build())) {
            String base = "http://127.0.0.1:" + g.port();
            CompletableFuture<HttpResponse<byte[]>> first = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/ipfs/" + slow)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Thread.sleep(300);
            HttpResponse<byte[]> second = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + slow))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(429, second.statusCode());
            assertEquals("7", header(second, "retry-after"));
            HttpResponse<byte[]> timedOut = first.get();
            assertEquals(504, timedOut.statusCode());
            assertNotNull(header(timedOut, "retry-after"));
            HttpResponse<byte[]> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + noProvider))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(502, bad.statusCode());
            assertEquals("7", header(bad, "retry-after"));
        }
    }
}
