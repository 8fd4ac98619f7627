package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.core.block.Block;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.interop.NodeInterop;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.unixfs.UnixFsType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's directory listing as a person sees it: a real {@code cairn daemon} on a RocksDB repository serves a
 * directory, and Debian's Chromium (headless, driven by playwright-core through {@code interop/js/browser-listing.mjs})
 * renders it. The assertions read the page's visible text ({@code document.body.innerText}), not the HTML: every
 * entry's name, human size and CID on its row; a hostile name shown literally with no markup run; clicking a name
 * gives the file's bytes; a 10,000-entry HAMT-sharded directory opens in bounded time and says how many entries it
 * has. Screenshots go to {@code target/browser-listing*.png}.
 *
 * <p>Skipped when {@code /usr/bin/chromium} is missing, failed instead under {@code CAIRN_REQUIRE_INTEROP=1} (the
 * interop tests' convention). Chromium is closed by the script; the test also kills, by pid, any process still
 * using its fresh profile directory and fails if it had to.
 */
class GatewayBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BIG_ENTRIES = 10_000;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    /** A person waits a few seconds for a big listing, not a minute. */
    private static final double BIG_LOAD_BOUND_MS = 15_000;

    private static final String SPACED = "naïve café 日本 notes.txt";
    private static final String HOSTILE = "<img src=x onerror=pwned=1> & \"quoted\" 'name'.txt";

    @TempDir
    Path tmp;

    @Test
    void chromiumShowsTheListingAPersonWouldRead() throws Exception {
        requireChromium();
        NodeInterop js = NodeInterop.get();

        Path site = tmp.resolve("site");
        Files.createDirectories(site.resolve("sub"));
        Files.createDirectories(site.resolve("big"));
        byte[] spaced = "written by a person with an accent\n".getBytes(StandardCharsets.UTF_8);
        byte[] hostile = "not markup\n".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[1_500_000];
        new Random(7).nextBytes(large);
        Files.write(site.resolve(SPACED), spaced);
        Files.write(site.resolve(HOSTILE), hostile);
        Files.write(site.resolve("large.bin"), large);
        Files.writeString(site.resolve("sub/nested.txt"), "nested\n");
        for (int i = 0; i < BIG_ENTRIES; i++) {
            Files.writeString(site.resolve("big").resolve(String.format("entry-%05d.txt", i)), i + "\n");
        }

        Cairn cairn = new Cairn(tmp.resolve("repo"));
        cairn.run("init");
        cairn.ok("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0");
        cairn.ok("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0");
        cairn.ok("config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]");
        long addStart = System.nanoTime();
        String root = cairn.ok("add", "-r", "-Q", site.toString()).strip();
        System.err.printf("GatewayBrowserIT: added %d files in %d ms%n", BIG_ENTRIES + 4,
                (System.nanoTime() - addStart) / 1_000_000);
        // What the listing must show, read from the root block's own links: name, Tsize and CID.
        Map<String, PbLink> links = new LinkedHashMap<>();
        for (PbLink link : node(cairn, root).pb().links()) {
            links.put(link.name(), link);
        }
        assertEquals(List.of(HOSTILE, "big", "large.bin", SPACED, "sub"), new ArrayList<>(links.keySet()));
        String bigCid = links.get("big").hash().toString();
        assertEquals(UnixFsType.HAMT_SHARD, node(cairn, bigCid).type(), "the big directory is sharded");

        Path profile = Files.createDirectory(tmp.resolve("chromium-profile"));
        Path target = Path.of("target");
        Files.createDirectories(target);
        Cairn.Daemon started = cairn.startDaemon();
        Process daemon = started.process();
        JsonNode r;
        String url;
        try {
            Matcher m = Pattern.compile("Gateway server listening on /ip4/127\\.0\\.0\\.1/tcp/(\\d+)")
                    .matcher(started.lines().get(2));
            assertTrue(m.matches(), started.lines().toString());
            url = "http://127.0.0.1:" + m.group(1) + "/ipfs/" + root + "/";
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("executablePath", CHROMIUM.toString());
            request.put("userDataDir", profile.toString());
            request.put("url", url);
            request.put("click", List.of(SPACED, HOSTILE));
            request.put("big", "big");
            request.put("screenshot", target.resolve("browser-listing.png").toAbsolutePath().toString());
            request.put("bigScreenshot", target.resolve("browser-listing-big.png").toAbsolutePath().toString());
            request.put("timeoutMs", 60_000);
            long scriptStart = System.nanoTime();
            try {
                r = JSON.readTree(JSON.writeValueAsString(js.runWithRequest("browser-listing.mjs", request,
                        SCRIPT_TIMEOUT)));
            } finally {
                killLeftovers(profile);
            }
            System.err.printf("GatewayBrowserIT: Chromium run took %d ms (launch %.0f ms)%n",
                    (System.nanoTime() - scriptStart) / 1_000_000, r.get("launchMs").asDouble());
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }

        // What the browser saw, for a person reading a failure (the big listing's text is left out).
        JsonNode shown = r.deepCopy();
        ((ObjectNode) shown.get("big")).remove("text");
        Files.writeString(target.resolve("browser-listing.json"), shown.toString());
        assertEquals(200, r.get("status").asInt());
        assertTrue(r.get("contentType").asText().startsWith("text/html"), r.get("contentType").asText());
        assertEquals("Index of /ipfs/" + root + "/", r.get("title").asText());
        List<String> lines = r.get("text").asText().lines().toList();
        assertTrue(lines.contains("Index of /ipfs/" + root + "/"), lines.toString());
        assertTrue(lines.contains("5 entries"), lines.toString());
        for (PbLink link : links.values()) {
            String size = link.name().equals("large.bin") ? "1.5 MB" : humanSizeOf(link.tsize());
            String row = link.name() + "\t" + size + "\t" + link.hash();
            assertTrue(lines.contains(row), "no row '" + row + "' in:\n" + String.join("\n", lines));
        }
        // The hostile name is text: no <img> was made and its handler never ran.
        assertTrue(r.get("pwned").isNull(), "the entry name ran as markup");
        assertEquals(0, r.get("images").asInt());

        Map<String, byte[]> expected = Map.of(SPACED, spaced, HOSTILE, hostile);
        assertEquals(2, r.get("clicked").size());
        for (JsonNode click : r.get("clicked")) {
            String name = click.get("name").asText();
            assertEquals(200, click.get("status").asInt(), click.toString());
            assertTrue(click.get("url").asText().startsWith(url), click.toString());
            assertArrayEquals(expected.get(name), Base64.getDecoder().decode(click.get("bodyBase64").asText()), name);
        }

        JsonNode big = r.get("big");
        assertEquals(200, big.get("status").asInt());
        assertEquals(url + "big/", big.get("url").asText());
        assertTrue(big.get("loadMs").asDouble() < BIG_LOAD_BOUND_MS, "big listing took " + big.get("loadMs"));
        List<String> bigLines = big.get("text").asText().lines().toList();
        assertTrue(bigLines.contains(BIG_ENTRIES + " entries"), bigLines.subList(0, 5).toString());
        // One row per entry plus the ".." row.
        assertEquals(BIG_ENTRIES + 1, big.get("rows").asInt());
        assertTrue(bigLines.stream().anyMatch(l -> l.startsWith("entry-00000.txt\t")));
        assertTrue(bigLines.stream().anyMatch(l -> l.startsWith("entry-09999.txt\t")));
        System.err.printf("GatewayBrowserIT: %d-entry HAMT listing loaded in Chromium in %.0f ms%n", BIG_ENTRIES,
                big.get("loadMs").asDouble());
    }

    private static UnixFsNode node(Cairn cairn, String cid) {
        return UnixFsNode.decode(new Block(Cid.parse(cid), cairn.run("block", "get", cid).ok().stdout()));
    }

    /**
     * Kubo's listing prints sizes with go-humanize's {@code Bytes}: under 10 bytes "N B", else SI units with one
     * decimal below 10 and none from 10 up ("5.3 kB", "53 kB").
     */
    private static String humanSizeOf(long bytes) {
        if (bytes < 10) {
            return bytes + " B";
        }
        String[] units = {"B", "kB", "MB", "GB"};
        int e = (int) Math.floor(Math.log(bytes) / Math.log(1000));
        double val = Math.floor(bytes / Math.pow(1000, e) * 10 + 0.5) / 10;
        return String.format(java.util.Locale.ROOT, val < 10 ? "%.1f %s" : "%.0f %s", val, units[e]);
    }

    private static void requireChromium() {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        String message = CHROMIUM + " is missing (Debian: apt-get install chromium)";
        if ("1".equals(System.getenv(NodeInterop.REQUIRE_ENV))) {
            Assertions.fail(message + " (failing because " + NodeInterop.REQUIRE_ENV + "=1)");
        }
        System.err.println("SKIPPED: " + message + " (set " + NodeInterop.REQUIRE_ENV + "=1 to fail instead)");
        Assumptions.abort(message);
    }

    /**
     * Kills, by pid, every process whose command line names this run's fresh profile directory (Chromium passes it
     * to its helpers), and fails if there was one: closing the browser should have ended them all.
     */
    private static void killLeftovers(Path profile) {
        String marker = profile.toString();
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertFalse(!left.isEmpty(), "Chromium processes outlived the script: " + left.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList());
    }
}
