package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.core.interop.NodeInterop;
import java.io.BufferedReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn daemon} as a process with its RPC API on port 0: the listener line and {@code $CAIRN_PATH/api}, the
 * API over HTTP, the command line going through it with the output of its local path, kubo-rpc-client (the real npm
 * package, on Node 24) against it, then SIGTERM removing the api file, and a stale api file ignored.
 */
class RpcApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void daemonServesTheRpcApiToHttpTheCommandLineAndKuboRpcClient() throws Exception {
        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("init");
        cairn.ok("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0");
        cairn.ok("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0");
        cairn.ok("config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]");
        Path file = tmp.resolve("data.bin");
        byte[] data = new byte[600_000];
        new Random(5).nextBytes(data);
        Files.write(file, data);
        String localAdd = cairn.ok("add", "-n", file.toString());
        String localId = cairn.ok("id");

        Cairn.Daemon started = cairn.startDaemon();
        Process daemon = started.process();
        try {
            BufferedReader out = started.out();
            List<String> lines = started.lines();
            assertTrue(lines.get(0).matches("Swarm listening on /ip4/127\\.0\\.0\\.1/tcp/\\d+"), lines.toString());
            Matcher m = Pattern.compile("RPC API server listening on (/ip4/127\\.0\\.0\\.1/tcp/(\\d+))")
                    .matcher(lines.get(1));
            assertTrue(m.matches(), lines.toString());
            assertTrue(lines.get(2).startsWith("Gateway server listening on "), lines.toString());
            assertEquals(m.group(1), Files.readString(cairn.repo().resolve("api")));
            String api = "http://127.0.0.1:" + m.group(2);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v0/id")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            HttpResponse<String> id = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v0/id"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, id.statusCode());
            assertEquals(JSON.readTree(localId).get("ID"), JSON.readTree(id.body()).get("ID"));

            // The command line goes through the daemon (the repository is locked by it) with the local output.
            assertEquals(localAdd, cairn.ok("add", file.toString()));
            String cid = localAdd.split(" ")[1];
            assertArrayEquals(data, cairn.run("cat", cid).ok().stdout());
            assertEquals(cid + " recursive\n", cairn.ok("pin", "ls", "--type=recursive"));
            assertEquals("unpinned " + cid + "\n", cairn.ok("pin", "rm", cid));
            assertTrue(cairn.ok("repo", "gc").startsWith("removed "));
            assertTrue(cairn.ok("repo", "stat").contains(cairn.repo().toString()));
            Cairn.Run missing = cairn.run("cat", cid);
            assertEquals(1, missing.code());
            assertTrue(missing.err().startsWith("Error: block not found locally: "), missing.err());

            kuboRpcClient(api, cairn);

            daemon.toHandle().destroy();
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not stop on SIGTERM");
            assertFalse(Files.exists(cairn.repo().resolve("api")), "api file left behind");
        } finally {
            daemon.destroyForcibly();
        }

        // A daemon that died leaves a stale file: commands run on the repository, without a word about it.
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(cairn.repo().resolve("api"), "/ip4/127.0.0.1/tcp/" + closedPort);
        Cairn.Run local = cairn.run("add", file.toString());
        assertEquals(0, local.code(), local.err());
        assertEquals(localAdd, local.out());
        assertEquals("", local.err());
    }

    /** kubo-rpc-client drives the API; reference CIDs come from Kubo's docs and from ipfs-unixfs-importer. */
    private void kuboRpcClient(String api, Cairn cairn) throws Exception {
        NodeInterop js = NodeInterop.get();
        JsonNode r = JSON.readTree(js.run("kubo-client.mjs", NodeInterop.DEFAULT_TIMEOUT, api));
        assertEquals(JSON.readTree(cairn.ok("id")).get("ID").asText(), r.get("id").asText());
        // `echo hello | ipfs add` and `ipfs add --cid-version=1`, as Kubo documents them.
        assertEquals("QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN", r.get("helloV0").asText());
        assertEquals("bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am", r.get("helloV1").asText());
        Path dir = tmp.resolve("js/dir");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("a.txt"), "alpha\n");
        Files.writeString(dir.resolve("sub/b.txt"), "beta\n");
        NodeInterop.ImportResult reference = js.importWithJs(dir, false,
                Map.of("cidVersion", 1, "rawLeaves", true), null);
        String dirCid = reference.entry("dir").cid();
        assertEquals(dirCid, r.get("dir").asText());
        assertEquals(reference.entry("dir/sub/b.txt").cid(), r.get("added").get(1).get("cid").asText());
        assertEquals("beta\n", r.get("cat").asText());
        assertEquals("lph", r.get("catRange").asText());
        assertEquals("a.txt", r.get("ls").get(0).get("name").asText());
        assertEquals("file", r.get("ls").get(0).get("type").asText());
        assertEquals("sub", r.get("ls").get(1).get("name").asText());
        assertEquals("dir", r.get("ls").get(1).get("type").asText());
        assertEquals(r.get("helloV1").asText(), r.get("pinAdd").asText());
        assertTrue(r.get("pinLs").toString().contains(r.get("helloV1").asText()));
        assertFalse(r.get("pinLsAfterRm").toString().contains(r.get("helloV1").asText()));
        assertEquals("a raw block\n", r.get("blockGet").asText());
        assertEquals(dirCid, r.get("dagImport").get(0).asText());
        assertTrue(r.get("catError").asText().contains("invalid path"), r.toString());
        assertTrue(cairn.ok("pin", "ls", "--type=recursive").contains(dirCid));
    }
}
