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
 * Small files answered on the event loop (every block from the small-block cache that an earlier worker read
 * filled) carry the same status, headers and bytes as when a worker reads them through the source; a file whose
 * blocks are not cached yet is handed to a worker, which reads the source, and is served whole. About a second.
 */
class EventLoopPathTest {
    private static final List<String> HEADERS = List.of("content-type", "content-length", "etag", "cache-control",
            "x-ipfs-path", "x-ipfs-roots", "accept-ranges", "vary");

    @Test
    void cachedAnswersMatchWorkerAnswersAndUncachedBlocksGoToAWorker() throws Exception {
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
        HttpClient http = HttpClient.newHttpClient();
        String path = "/ipfs/" + file.cid() + "?filename=data.bin";
        try (GatewayServer inline = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), source,
                LocalBlocks.of(store), GatewayOptions.defaults())) {
            // The first request finds nothing cached: a worker reads every block through the source.
            int cold = sourceReads.get();
            HttpResponse<byte[]> first = send(http, inline, "GET", path, null);
            assertArrayEquals(data, first.body());
            assertTrue(sourceReads.get() >= cold + 11, "a worker read the root and ten leaves");
            for (String range : new String[] {null, "bytes=100-5000"}) {
                for (String method : new String[] {"GET", "HEAD"}) {
                    int before = sourceReads.get();
                    HttpResponse<byte[]> a = send(http, inline, method, path, range);
                    assertEquals(before, sourceReads.get(), "the event loop read through the source");
                    HttpResponse<byte[]> b;
                    // A fresh server has nothing cached, so a worker answers it, reading through the source.
                    try (GatewayServer worker = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), source,
                            LocalBlocks.of(store), GatewayOptions.defaults())) {
                        b = send(http, worker, method, path, range);
                    }
                    assertTrue(sourceReads.get() > before, "the worker did not read through the source");
                    assertEquals(b.statusCode(), a.statusCode());
                    for (String h : HEADERS) {
                        assertEquals(b.headers().firstValue(h), a.headers().firstValue(h), method + " " + h);
                    }
                    assertArrayEquals(b.body(), a.body());
                }
            }
            // A fresh file: none of its blocks is cached, so a worker reads them and the body is whole.
            byte[] other = new byte[40_000];
            new Random(12).nextBytes(other);
            FileLink second = new UnixFsImporter(ImportOptions.builder().chunker("size-4096").build(), store,
                    (p, l) -> { }).addStream(new ByteArrayInputStream(other));
            int before = sourceReads.get();
            HttpResponse<byte[]> fallback = send(http, inline, "GET", "/ipfs/" + second.cid(), null);
            assertEquals(200, fallback.statusCode());
            assertArrayEquals(other, fallback.body());
            assertTrue(sourceReads.get() > before, "no worker read the uncached file");
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
