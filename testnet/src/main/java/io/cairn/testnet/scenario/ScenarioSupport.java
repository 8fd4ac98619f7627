package io.cairn.testnet.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.testnet.local.TestnetNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the churn and kill-mid-transfer scenarios share: HTTP to gateways and metrics, hashing, bounded sleeps. */
final class ScenarioSupport {
    /** Kubo's QueryEvent type of a provider answer. */
    private static final int PROVIDER_EVENT = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern API_PORT = Pattern.compile("/ip4/127\\.0\\.0\\.1/tcp/(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * GETs {@code url} until it answers 200 or {@code deadline} (a {@link System#nanoTime} value) passes; a new
     * node may not find a provider at first. Returns {@code sha256 HEX} of the body, or the last failure.
     */
    String sha256Until(String url, long deadline) throws IOException {
        String last = "no answer";
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return last;
            }
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofNanos(left)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    return "sha256 " + sha256(r.body());
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString(); // refused or timed out: retried until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            sleep(500);
        }
    }

    /**
     * The value of Prometheus counter {@code name} (e.g. {@code cairn_blocks_served_total}) on {@code node}'s RPC
     * API, or -1 when the node does not answer (it may have been killed).
     */
    long counter(TestnetNode node, String name) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(apiBase(node) + "/debug/metrics/prometheus"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return -1;
            }
            for (String line : r.body().split("\n")) {
                // A counter line is NAME{labels} VALUE or NAME VALUE; the value is a double.
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            throw new IOException(node.name() + " exports no metric " + name);
        } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * The peer IDs {@code node}'s DHT returns as providers of {@code cid}: the RPC call {@code cairn routing
     * findprovs} makes ({@code POST /api/v0/routing/findprovs}, Kubo's ndjson events, type 4 per provider), made
     * directly to spare a JVM start per lookup.
     *
     * @throws IOException when the node does not answer 200
     */
    List<String> findProviders(TestnetNode node, String cid, Duration timeout) throws IOException {
        String url = apiBase(node) + "/api/v0/routing/findprovs?arg=" + cid + "&num-providers=20";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("routing/findprovs on " + node.name() + ": HTTP " + r.statusCode() + " "
                        + r.body().strip());
            }
            List<String> ids = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event = JSON.readTree(line);
                if (event.path("Type").asInt() == PROVIDER_EVENT) {
                    event.path("Responses").forEach(p -> ids.add(p.path("ID").asText()));
                }
            }
            return ids;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String apiBase(TestnetNode node) throws IOException {
        Matcher m = API_PORT.matcher(node.api());
        if (!m.find()) {
            throw new IOException(node.name() + ": API address is not loopback TCP: " + node.api());
        }
        return "http://127.0.0.1:" + m.group(1);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** {@code Qm123456...abcde}: enough of a CID or hash to tell it apart in a report line. */
    static String shortId(String id) {
        return id.length() <= 16 ? id : id.substring(0, 8) + ".." + id.substring(id.length() - 5);
    }

    static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
