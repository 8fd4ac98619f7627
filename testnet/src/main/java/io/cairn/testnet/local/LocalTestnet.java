package io.cairn.testnet.local;

import io.cairn.node.cli.CairnMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N daemon processes in one private network on loopback, recorded in {@code DIR/nodes.tsv}.
 *
 * <p>Daemons write to {@code DIR/NAME/daemon.log}, not to a pipe: they must outlive the command that started them
 * ({@code testnet/run up} returns while they run), and a pipe nobody drains would block them. Readiness is read
 * from that log ({@code Daemon is ready} after one line per listener). Repositories are configured in-process
 * through {@link CairnMain#run}: the same code the CLI runs, without a JVM start per {@code config} call.
 */
public final class LocalTestnet {
    /** The DHT protocol ID of every testnet: a private network no public peer speaks. */
    public static final String DHT_PROTOCOL = "/cairn-testnet/kad/1.0.0";
    /** The record of a running testnet inside its directory. */
    public static final String NODES_FILE = "nodes.tsv";

    private static final String HEADER = "# name\tpid\tpeer_id\tswarm\tapi\tgateway\trepo";
    private static final Pattern SWARM = Pattern.compile("Swarm listening on (\\S+)");
    private static final Pattern API = Pattern.compile("RPC API server listening on (\\S+)");
    private static final Pattern GATEWAY =
            Pattern.compile("Gateway server listening on /ip4/127\\.0\\.0\\.1/tcp/(\\d+)");
    private static final Pattern LISTEN = Pattern.compile(".* listening on (\\S+)");

    private LocalTestnet() {
    }

    /**
     * Starts {@code n} daemons under {@code dir} (repositories reused when present) and records them; on any
     * failure stops what it started and throws.
     *
     * @param readyTimeout how long each daemon may take to print {@code Daemon is ready}
     * @throws IOException when a testnet is already recorded there with live processes, or a node failed to start
     */
    public static List<TestnetNode> up(Path dir, int n, NodeLauncher launcher, Duration readyTimeout)
            throws IOException {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one node, not " + n);
        }
        Files.createDirectories(dir);
        List<TestnetNode> old = read(dir);
        if (old.stream().anyMatch(LocalTestnet::alive)) {
            throw new IOException("a testnet is already running in " + dir + "; run `testnet/run down` first");
        }
        List<TestnetNode> nodes = new ArrayList<>();
        try {
            TestnetNode seed = awaitReady(spawn(dir, "node1", null, launcher), readyTimeout);
            nodes.add(seed);
            // The others know only the seed; starting them together overlaps their JVM start-ups.
            List<Starting> rest = new ArrayList<>();
            for (int i = 2; i <= n; i++) {
                rest.add(spawn(dir, "node" + i, seed, launcher));
            }
            IOException failure = null;
            for (Starting s : rest) {
                try {
                    nodes.add(awaitReady(s, readyTimeout));
                } catch (IOException e) {
                    s.process().destroyForcibly();
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            write(dir, nodes);
            return List.copyOf(nodes);
        } catch (IOException | RuntimeException e) {
            for (TestnetNode node : nodes) {
                stop(node, Duration.ofSeconds(20));
            }
            Files.deleteIfExists(dir.resolve(NODES_FILE));
            throw e;
        }
    }

    /**
     * Starts more daemons under {@code dir}, each named by a key of {@code bootstrapOf} and bootstrapped from its
     * value (a repository is reused when present, so a stopped node comes back with its peer ID and blocks), and
     * records them in {@code nodes.tsv}, replacing earlier records of the same names, so {@link #down} stops them
     * too. What churn and restart scenarios use on a testnet {@link #up} started. They start together, as in
     * {@link #up}, to overlap their JVM start-ups.
     *
     * @return the started nodes, in the map's order
     * @throws IOException when one did not become ready within {@code readyTimeout} (all of them are then killed)
     */
    public static List<TestnetNode> start(Path dir, Map<String, TestnetNode> bootstrapOf, NodeLauncher launcher,
            Duration readyTimeout) throws IOException {
        List<Starting> starting = new ArrayList<>();
        List<TestnetNode> started = new ArrayList<>();
        try {
            for (Map.Entry<String, TestnetNode> e : bootstrapOf.entrySet()) {
                starting.add(spawn(dir, e.getKey(), e.getValue(), launcher));
            }
            for (Starting s : starting) {
                started.add(awaitReady(s, readyTimeout));
            }
        } catch (IOException | RuntimeException e) {
            starting.forEach(s -> s.process().destroyForcibly());
            throw e;
        }
        List<TestnetNode> nodes = new ArrayList<>(read(dir));
        nodes.removeIf(n -> bootstrapOf.containsKey(n.name()));
        nodes.addAll(started);
        write(dir, nodes);
        return List.copyOf(started);
    }

    /**
     * Stops one daemon as {@link #down} does (SIGTERM, up to {@code wait}, then SIGKILL); its record stays, so
     * {@link #down} later reports it as not running.
     *
     * @return what happened: {@code stopped}, {@code killed (...)} or {@code not running}
     */
    public static String stopNode(TestnetNode node, Duration wait) {
        return stop(node, wait);
    }

    /**
     * Kills one daemon with SIGKILL, as a crash or the OOM killer would, and waits up to {@code wait} for it to be
     * gone: no shutdown hook runs, so its repository is left exactly as the crash left it.
     *
     * @return whether it was running and is now gone
     */
    public static boolean kill(TestnetNode node, Duration wait) {
        Optional<ProcessHandle> h = handle(node);
        if (h.isEmpty()) {
            return false;
        }
        h.get().destroyForcibly(); // SIGKILL on Unix
        try {
            h.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return !h.get().isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A daemon that was started and has not yet said it is ready. */
    private record Starting(String name, Process process, Path repo, Path log, String peerId) {
    }

    private static Starting spawn(Path dir, String name, TestnetNode bootstrap, NodeLauncher launcher)
            throws IOException {
        Path repo = dir.resolve(name).toAbsolutePath();
        if (!Files.exists(repo.resolve("config"))) {
            cli(repo, "init");
        }
        cli(repo, "config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0");
        cli(repo, "config", "Addresses.API", "/ip4/127.0.0.1/tcp/0");
        cli(repo, "config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]");
        cli(repo, "config", "Routing.DHTProtocol", DHT_PROTOCOL);
        cli(repo, "config", "--json", "Routing.LoopbackNetwork", "true");
        cli(repo, "config", "Routing.Type", "dhtserver");
        cli(repo, "config", "--json", "Bootstrap",
                bootstrap == null ? "[]" : "[\"" + bootstrap.dialAddress() + "\"]");
        String peerId = cli(repo, "id", "-f", "<id>").strip();
        Path log = repo.resolve("daemon.log");
        Process p = launcher.builder(repo, "daemon").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Starting(name, p, repo, log, peerId);
    }

    private static TestnetNode awaitReady(Starting s, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lines = Files.exists(s.log()) ? Files.readAllLines(s.log()) : List.of();
            if (lines.contains("Daemon is ready")) {
                return parse(s, lines);
            }
            if (!s.process().isAlive()) {
                throw new IOException(s.name() + " exited with " + s.process().exitValue() + " before it was ready; "
                        + "its log " + s.log() + " ends:\n" + tail(lines));
            }
            if (System.nanoTime() > deadline) {
                s.process().destroyForcibly();
                throw new IOException(s.name() + " was not ready within " + timeout + "; its log " + s.log()
                        + " ends:\n" + tail(lines));
            }
            sleep(100);
        }
    }

    private static TestnetNode parse(Starting s, List<String> lines) throws IOException {
        String swarm = null;
        String api = null;
        String gateway = null;
        for (String line : lines) {
            Matcher l = LISTEN.matcher(line);
            if (l.matches() && !l.group(1).startsWith("/ip4/127.0.0.1/")) {
                // The testnet promises loopback only: a node listening anywhere else is a configuration bug.
                s.process().destroyForcibly();
                throw new IOException(s.name() + " listens beyond loopback: " + line);
            }
            Matcher m = SWARM.matcher(line);
            if (m.matches() && swarm == null) {
                swarm = m.group(1);
            }
            m = API.matcher(line);
            if (m.matches()) {
                api = m.group(1);
            }
            m = GATEWAY.matcher(line);
            if (m.matches()) {
                gateway = "http://127.0.0.1:" + m.group(1);
            }
        }
        if (swarm == null || api == null || gateway == null) {
            s.process().destroyForcibly();
            throw new IOException(s.name() + " is ready but did not print its swarm, API and gateway addresses:\n"
                    + tail(lines));
        }
        return new TestnetNode(s.name(), s.process().pid(), s.peerId(), swarm, api, gateway, s.repo());
    }

    /** What {@link #down} did to one node. */
    public record Stopped(TestnetNode node, String outcome) {
    }

    /**
     * Sends SIGTERM to every recorded daemon still alive, waits up to {@code wait} for each, kills those that do
     * not stop, and forgets the testnet (the repositories stay).
     */
    public static List<Stopped> down(Path dir, Duration wait) throws IOException {
        List<Stopped> report = new ArrayList<>();
        List<TestnetNode> nodes = read(dir);
        // Look every process up before signalling any, so one that stops quickly still counts as stopped by us.
        List<Optional<ProcessHandle>> handles = nodes.stream().map(LocalTestnet::handle).toList();
        handles.forEach(h -> h.ifPresent(ProcessHandle::destroy));
        for (int i = 0; i < nodes.size(); i++) {
            report.add(new Stopped(nodes.get(i), stop(handles.get(i), wait)));
        }
        Files.deleteIfExists(dir.resolve(NODES_FILE));
        return report;
    }

    private static String stop(TestnetNode node, Duration wait) {
        return stop(handle(node), wait);
    }

    private static String stop(Optional<ProcessHandle> h, Duration wait) {
        if (h.isEmpty()) {
            return "not running";
        }
        h.get().destroy();
        try {
            h.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return "stopped";
        } catch (java.util.concurrent.TimeoutException e) {
            h.get().destroyForcibly();
            return "killed (no exit within " + wait.toSeconds() + " s of SIGTERM)";
        } catch (java.util.concurrent.ExecutionException e) {
            return "stopped (" + e.getCause() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting";
        }
    }

    /** Whether the recorded process still runs and is a Cairn daemon (a reused pid is not ours). */
    public static boolean alive(TestnetNode node) {
        return handle(node).isPresent();
    }

    private static Optional<ProcessHandle> handle(TestnetNode node) {
        return ProcessHandle.of(node.pid()).filter(ProcessHandle::isAlive).filter(h -> h.info().arguments()
                .map(args -> List.of(args).contains("daemon")).orElse(true));
    }

    /** The recorded nodes of {@code dir}; empty when none are recorded. */
    public static List<TestnetNode> read(Path dir) throws IOException {
        Path file = dir.resolve(NODES_FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<TestnetNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 7) {
                throw new IOException(file + ": expected 7 tab-separated fields, got: " + line);
            }
            try {
                nodes.add(new TestnetNode(f[0], Long.parseLong(f[1]), f[2], f[3], f[4], f[5], Path.of(f[6])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": bad pid in: " + line, e);
            }
        }
        return nodes;
    }

    private static void write(Path dir, List<TestnetNode> nodes) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (TestnetNode n : nodes) {
            b.append(String.join("\t", n.name(), Long.toString(n.pid()), n.peerId(), n.swarm(), n.api(),
                    n.gateway(), n.repo().toString())).append('\n');
        }
        Path tmp = dir.resolve(NODES_FILE + ".tmp");
        Files.writeString(tmp, b.toString());
        Files.move(tmp, dir.resolve(NODES_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs one quick CLI command in-process on {@code repo}; returns its stdout, or throws with its stderr. */
    static String cli(Path repo, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CairnMain.run(args, out, err, InputStream::nullInputStream, Map.of("CAIRN_PATH", repo.toString()));
        if (code != 0) {
            throw new IOException("cairn " + String.join(" ", args) + " on " + repo + " failed (" + code + "): "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
