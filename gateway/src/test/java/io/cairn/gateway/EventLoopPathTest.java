package io.cairn.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.UnixFsReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Small files answered on the event loop (every block from {@link LocalBlocks#read}) carry the same status, headers
 * and bytes as when a worker reads them through the source; a small file with a block the local view does not hold
 * is handed to a worker and still served whole. About a second.
 */
class EventLoopPathTest {
    private static final List<String> HEADERS = List.of("content-type", "content-length", "etag", "cache-control",
            "x-ipfs-path", "x-ipfs-roots", "accept-ranges", "vary");

    @Test
    void localAnswersMatchWorkerAnswersAndMissingBlocksFallBack() throws Exception {
        MemoryBlockStore store = new MemoryBlockStore();
        byte[] data = new byte[40_000];
        new Random(11).nextBytes(data);
        // 4 KiB chunks: a small file of ten leaves under one root.
        FileLink file = new UnixFsImporter(ImportOptions.builder().chunker("size-4096").build(), store, (p, l) -> { })
                .addStream(new ByteArrayInputStream(data));
        AtomicInteger sourceReads = new AtomicInteger();
        BlockSource source = cid -> {
            sourceReads.incrementAndGet();
            return BlockSource.of(store).get(cid);
        };
        Set<Cid> hidden = ConcurrentHashMap.newKeySet();
        LocalBlocks partial = new LocalBlocks() {
            @Override
            public boolean has(Cid cid) throws IOException {
                return store.has(cid.multihash());
            }

            @Override
            public Optional<Block> read(Cid cid) throws IOException {
                return hidden.contains(cid) ? Optional.empty() : store.get(cid);
            }
        };
        HttpClient http = HttpClient.newHttpClient();
        String path = "/ipfs/" + file.cid() + "?filename=data.bin";
        try (GatewayServer inline = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), source, partial,
                GatewayOptions.defaults());
             GatewayServer worker = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), source, c -> true,
                     GatewayOptions.defaults())) {
            for (String range : new String[] {null, "bytes=100-5000"}) {
                for (String method : new String[] {"GET", "HEAD"}) {
                    int before = sourceReads.get();
                    HttpResponse<byte[]> a = send(http, inline, method, path, range);
                    assertEquals(before, sourceReads.get(), "the event loop read through the source");
                    HttpResponse<byte[]> b = send(http, worker, method, path, range);
                    assertTrue(sourceReads.get() > before, "the worker did not read through the source");
                    assertEquals(b.statusCode(), a.statusCode());
                    for (String h : HEADERS) {
                        assertEquals(b.headers().firstValue(h), a.headers().firstValue(h), method + " " + h);
                    }
                    assertArrayEquals(b.body(), a.body());
                }
            }
            HttpResponse<byte[]> whole = send(http, inline, "GET", path, null);
            assertArrayEquals(data, whole.body());
            // A leaf the local view does not give (a fresh file: blocks already read may be answered from the
            // gateway's small-block cache): the request goes to a worker, which reads the source.
            byte[] other = new byte[40_000];
            new Random(12).nextBytes(other);
            FileLink second = new UnixFsImporter(ImportOptions.builder().chunker("size-4096").build(), store,
                    (p, l) -> { }).addStream(new ByteArrayInputStream(other));
            hidden.add(new UnixFsReader(source).load(second.cid()).pb().links().get(3).hash());
            int before = sourceReads.get();
            HttpResponse<byte[]> fallback = send(http, inline, "GET", "/ipfs/" + second.cid(), null);
            assertEquals(200, fallback.statusCode());
            assertArrayEquals(other, fallback.body());
            assertTrue(sourceReads.get() > before, "no worker read the hidden leaf");
        }
    }

    private static HttpResponse<byte[]> send(HttpClient http, GatewayServer g, String method, String path,
            String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
