package io.cairn.gateway.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RPC handlers over real HTTP on an in-memory backend. Reference CIDs are Kubo's: {@code echo hello | ipfs add}
 * gives QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN, with {@code --cid-version=1}
 * bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am (both in the IPFS docs and Kubo's sharness tests).
 */
class RpcServerTest {
    static final String HELLO_V0 = "QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN";
    static final String HELLO_V1 = "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private MemoryBackend backend;
    private RpcServer server;

    @BeforeEach
    void start() throws IOException {
        backend = new MemoryBackend();
        server = RpcServer.start(new InetSocketAddress("127.0.0.1", 0), backend, 4);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> post(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A multipart body as kubo-rpc-client writes it; each part is {path, content type, bytes}. */
    private HttpResponse<byte[]> postParts(String pathAndQuery, Object[]... parts) throws Exception {
        String boundary = "-----------------------------test";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i++) {
            String head = (i > 0 ? "\r\n" : "") + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file-"
                    + i + "\"; filename=\"" + parts[i][0] + "\"\r\nContent-Type: " + parts[i][1] + "\r\n\r\n";
            body.write(head.getBytes(StandardCharsets.UTF_8));
            body.write((byte[]) parts[i][2]);
        }
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static Object[] file(String path, String content) {
        return new Object[] {path, "application/octet-stream", content.getBytes(StandardCharsets.UTF_8)};
    }

    private static Object[] dir(String path) {
        return new Object[] {path, "application/x-directory", new byte[0]};
    }

    private static List<JsonNode> ndjson(HttpResponse<byte[]> r) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void getIsNotAllowedAndUnknownCommandsAreNotFound() throws Exception {
        HttpResponse<byte[]> get = send(HttpRequest.newBuilder(uri("/api/v0/id")).GET());
        assertEquals(405, get.statusCode());
        assertEquals("405 - Method Not Allowed\n", new String(get.body(), StandardCharsets.UTF_8));
        assertEquals(404, post("/api/v0/no/such/command").statusCode());
    }

    @Test
    void errorsHaveKubosBodyAndStatus() throws Exception {
        HttpResponse<byte[]> missing = post("/api/v0/cat");
        assertEquals(400, missing.statusCode());
        assertEquals("argument \"ipfs-path\" is required", json(missing).get("Message").asText());
        assertEquals(1, json(missing).get("Code").asInt());
        assertEquals("error", json(missing).get("Type").asText());
        HttpResponse<byte[]> bad = post("/api/v0/cat?arg=not-a-cid");
        assertEquals(500, bad.statusCode());
        assertEquals(0, json(bad).get("Code").asInt());
        assertTrue(json(bad).get("Message").asText().startsWith("invalid path \"not-a-cid\""));
        HttpResponse<byte[]> absent = post("/api/v0/block/get?arg=" + HELLO_V1);
        assertEquals(500, absent.statusCode());
        assertEquals("block not found locally: " + HELLO_V1, json(absent).get("Message").asText());
        HttpResponse<byte[]> network = post("/api/v0/swarm/peers");
        assertEquals(500, network.statusCode());
        assertTrue(json(network).get("Message").asText().contains("not available yet"));
    }

    @Test
    void crossOriginRequestsAreRefused() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/api/v0/id"))
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, r.statusCode());
    }

    @Test
    void idAndVersion() throws Exception {
        JsonNode id = json(post("/api/v0/id"));
        assertEquals("12D3KooWTest", id.get("ID").asText());
        assertTrue(id.get("Addresses").isArray());
        JsonNode v = json(post("/api/v0/version"));
        assertEquals("test", v.get("Version").asText());
    }

    @Test
    void addStreamsKubosEventsAndCatReadsBack() throws Exception {
        HttpResponse<byte[]> v0 = postParts("/api/v0/add?stream-channels=true", file("hello.txt", "hello\n"));
        assertEquals(200, v0.statusCode());
        assertEquals("1", v0.headers().firstValue("X-Chunked-Output").orElse(""));
        List<JsonNode> events = ndjson(v0);
        assertEquals(1, events.size());
        assertEquals("hello.txt", events.get(0).get("Name").asText());
        assertEquals(HELLO_V0, events.get(0).get("Hash").asText());
        assertEquals("14", events.get(0).get("Size").asText());
        List<JsonNode> v1 = ndjson(postParts("/api/v0/add?cid-version=1&progress=true", file("", "hello\n")));
        assertEquals(6, v1.get(0).get("Bytes").asLong());
        assertEquals(HELLO_V1, v1.get(1).get("Hash").asText());
        assertEquals(HELLO_V1, v1.get(1).get("Name").asText());
        assertEquals("hello\n", new String(post("/api/v0/cat?arg=" + HELLO_V0).body(), StandardCharsets.UTF_8));
        assertEquals("ell", new String(post("/api/v0/cat?arg=/ipfs/" + HELLO_V1 + "&offset=1&length=3").body(),
                StandardCharsets.UTF_8));
        assertEquals("recursive", backend.pins.get(io.cairn.core.multiformats.Cid.parse(HELLO_V0)).type());
    }

    @Test
    void addDirectoryReportsChildrenFirstAndLsListsIt() throws Exception {
        List<JsonNode> events = ndjson(postParts("/api/v0/add", dir("d"), file("d%2Fb.txt", "hello\n"),
                dir("d%2Fsub"), file("d%2Fsub%2Fa.txt", "hello\n")));
        List<String> names = new ArrayList<>();
        events.forEach(e -> names.add(e.get("Name").asText()));
        assertEquals(List.of("d/b.txt", "d/sub/a.txt", "d/sub", "d"), names);
        String root = events.get(3).get("Hash").asText();
        JsonNode ls = json(post("/api/v0/ls?arg=" + root));
        JsonNode links = ls.get("Objects").get(0).get("Links");
        assertEquals(root, ls.get("Objects").get(0).get("Hash").asText());
        assertEquals("b.txt", links.get(0).get("Name").asText());
        assertEquals(HELLO_V0, links.get(0).get("Hash").asText());
        assertEquals(6, links.get(0).get("Size").asLong());
        assertEquals(2, links.get(0).get("Type").asInt());
        assertEquals("sub", links.get(1).get("Name").asText());
        assertEquals(1, links.get(1).get("Type").asInt());
        assertEquals("hello\n", new String(post("/api/v0/cat?arg=" + root + "/sub/a.txt").body(),
                StandardCharsets.UTF_8));
        List<JsonNode> streamed = ndjson(post("/api/v0/ls?stream=true&arg=" + root));
        assertEquals(2, streamed.size());
        HttpResponse<byte[]> traversal = postParts("/api/v0/add", file("..%2Fetc", "x"));
        assertEquals(400, traversal.statusCode());
    }

    @Test
    void pinsAddListRemove() throws Exception {
        postParts("/api/v0/add?pin=false", file("hello.txt", "hello\n"));
        assertEquals("{\"Keys\":{}}", new String(post("/api/v0/pin/ls").body(), StandardCharsets.UTF_8).trim());
        JsonNode added = json(post("/api/v0/pin/add?arg=" + HELLO_V0 + "&name=greeting"));
        assertEquals(HELLO_V0, added.get("Pins").get(0).asText());
        List<JsonNode> listed = ndjson(post("/api/v0/pin/ls?stream=true&names=true"));
        assertEquals(HELLO_V0, listed.get(0).get("Cid").asText());
        assertEquals("recursive", listed.get(0).get("Type").asText());
        assertEquals("greeting", listed.get(0).get("Name").asText());
        JsonNode keys = json(post("/api/v0/pin/ls?type=recursive")).get("Keys");
        assertEquals("recursive", keys.get(HELLO_V0).get("Type").asText());
        assertEquals(HELLO_V0, json(post("/api/v0/pin/rm?arg=" + HELLO_V0)).get("Pins").get(0).asText());
        HttpResponse<byte[]> notPinned = post("/api/v0/pin/ls?arg=" + HELLO_V0);
        assertEquals(500, notPinned.statusCode());
        assertEquals("path '" + HELLO_V0 + "' is not pinned", json(notPinned).get("Message").asText());
    }

    @Test
    void blocksPutGetStatRemove() throws Exception {
        byte[] data = "hello\n".getBytes(StandardCharsets.UTF_8);
        JsonNode put = ndjson(postParts("/api/v0/block/put", new Object[] {"", "application/octet-stream", data}))
                .get(0);
        assertEquals(HELLO_V1, put.get("Key").asText());
        assertEquals(6, put.get("Size").asInt());
        assertArrayEquals(data, post("/api/v0/block/get?arg=" + HELLO_V1).body());
        assertEquals(6, json(post("/api/v0/block/stat?arg=" + HELLO_V1)).get("Size").asInt());
        JsonNode rm = ndjson(post("/api/v0/block/rm?arg=" + HELLO_V1)).get(0);
        assertEquals(HELLO_V1, rm.get("Hash").asText());
        assertTrue(rm.get("Error") == null);
        assertEquals(500, post("/api/v0/block/stat?arg=" + HELLO_V1).statusCode());
    }

    @Test
    void dagExportThenImportRestoresTheDag() throws Exception {
        List<JsonNode> events = ndjson(postParts("/api/v0/add", dir("d"), file("d%2Fb.txt", "hello\n")));
        String root = events.get(events.size() - 1).get("Hash").asText();
        byte[] car = post("/api/v0/dag/export?arg=" + root).body();
        MemoryBackend other = new MemoryBackend();
        try (RpcServer second = RpcServer.start(new InetSocketAddress("127.0.0.1", 0), other, 2)) {
            RpcServer first = server;
            server = second;
            try {
                List<JsonNode> imported = ndjson(postParts("/api/v0/dag/import?stats=true",
                        new Object[] {"", "application/octet-stream", car}));
                assertEquals(root, imported.get(0).get("Root").get("Cid").get("/").asText());
                assertEquals(2, imported.get(1).get("Stats").get("BlockCount").asInt());
                assertEquals("hello\n", new String(post("/api/v0/cat?arg=" + root + "/b.txt").body(),
                        StandardCharsets.UTF_8));
            } finally {
                server = first;
            }
        }
    }

    @Test
    void configGetAndSet() throws Exception {
        JsonNode got = json(post("/api/v0/config?arg=Addresses.API"));
        assertEquals("Addresses.API", got.get("Key").asText());
        assertEquals("/ip4/127.0.0.1/tcp/0", got.get("Value").get(0).asText());
        JsonNode set = json(post("/api/v0/config?arg=Foo&arg=bar"));
        assertEquals("bar", set.get("Value").asText());
        JsonNode setJson = json(post("/api/v0/config?arg=N&arg=42&json=true"));
        assertEquals(42, setJson.get("Value").asInt());
    }

    @Test
    void provideStatAnswersKubosFieldsAndTheSweepsOwn() throws Exception {
        server.close();
        backend.network = new NetworkBackend() {
            @Override
            public List<SwarmPeer> peers() {
                return List.of();
            }

            @Override
            public String connect(String multiaddr) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> addresses() {
                return List.of();
            }

            @Override
            public List<String> protocols() {
                return List.of();
            }

            @Override
            public List<PeerAddresses> findProviders(io.cairn.core.multiformats.Cid cid, int max) {
                return List.of();
            }

            @Override
            public void provide(io.cairn.core.multiformats.Cid cid) {
            }

            @Override
            public java.util.Optional<PeerAddresses> findPeer(String peerId) {
                return java.util.Optional.empty();
            }

            @Override
            public ProvideStat provideStat() {
                // keys 1000, queue 40, 12 regions; last cycle 2 s long with 900 keys reprovided
                return new ProvideStat(1000, 40, 12, 5, 1, 30, 2, 90, 700, 1900, 38_000, 400, 3, 0.5,
                        10_000, 12_000, 900, 12_000, 1000);
            }
        };
        server = RpcServer.start(new InetSocketAddress("127.0.0.1", 0), backend, 4);
        HttpResponse<byte[]> r = post("/api/v0/provide/stat");
        assertEquals(200, r.statusCode());
        JsonNode s = json(r);
        assertEquals(1900, s.get("TotalProvides").asLong());
        assertEquals(2_000_000_000L, s.get("LastReprovideDuration").asLong(), "Go encodes a duration in ns");
        assertEquals(900, s.get("LastReprovideBatchSize").asLong());
        assertEquals(40, s.get("QueueLength").asLong());
        assertEquals(1000, s.get("Keys").asLong());
        assertEquals(12, s.get("Regions").asInt());
        assertEquals(700, s.get("LookupRequests").asLong());
        assertEquals(38_000, s.get("AddProviderMessages").asLong());
        assertEquals(0.5, s.get("KeysPerSecond").asDouble());
    }
}
