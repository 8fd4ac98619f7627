package io.cairn.testnet.scenario;

import io.cairn.testnet.local.LocalTestnet;
import io.cairn.testnet.local.NodeLauncher;
import io.cairn.testnet.local.TestnetNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Scenario {@code churn}: content stays findable and fetchable when 30% of the nodes leave and new ones join.
 *
 * <p>Before the churn, with the nodes to stop already drawn from the seeded random generator: half the files are
 * added on nodes that will survive; the other half on nodes that will be stopped, and each of those is pinned (so
 * fetched and announced) by a survivor, which becomes its only provider still running. Then 30% of the nodes (at
 * least one) get SIGTERM and as many new nodes start, each bootstrapped from a random survivor. Every CID must then
 * be found by a new node's DHT ({@code routing/findprovs}, the RPC call {@code cairn routing findprovs} makes) with at
 * least one running provider among the answers (retried until the step's bound: a survivor announces what it pinned
 * in the background, and records of stopped nodes are still returned), and its bytes fetched
 * through a new node's gateway must hash to the file's SHA-256. Everything random (which nodes stop, who adds and
 * who rescues, the files' bytes) comes from the printed seed, so a failing run can be repeated.
 */
public final class Churn {
    /** The share of nodes stopped, in percent (rounded up, at least one): the 30%. */
    static final int STOP_PERCENT = 30;

    private final NodeLauncher cli;
    private final Path dir;
    private final int files;
    private final int size;
    private final long seed;
    private final Duration stepTimeout;
    private final Duration readyTimeout;
    private final ScenarioSupport net = new ScenarioSupport();

    /**
     * @param cli          starts daemons and runs {@code cairn} commands as processes
     * @param dir          the testnet's directory (new nodes are started and recorded there)
     * @param files        how many files to add (at least 2: half stay with a survivor, half are rescued)
     * @param size         each file's size in bytes
     * @param seed         the seed of every random choice and of the files' bytes
     * @param stepTimeout  the bound on each step
     * @param readyTimeout the bound on each new daemon's start
     */
    public Churn(NodeLauncher cli, Path dir, int files, int size, long seed, Duration stepTimeout,
            Duration readyTimeout) {
        if (files < 2) {
            throw new IllegalArgumentException("churn needs at least 2 files, not " + files);
        }
        this.cli = cli;
        this.dir = dir;
        this.files = files;
        this.size = size;
        this.seed = seed;
        this.stepTimeout = stepTimeout;
        this.readyTimeout = readyTimeout;
    }

    /** One file added before the churn: where, its CID and hash, and who holds it after the churn. */
    private record Content(String cid, String sha, TestnetNode addedOn, TestnetNode rescuer) {
    }

    /**
     * Runs the scenario on a testnet of at least 4 nodes started by {@link LocalTestnet#up} in {@code dir}; never
     * throws for a failed step. The nodes it starts are recorded in {@code dir}, so {@link LocalTestnet#down} stops
     * them with the others.
     */
    public ScenarioReport run(List<TestnetNode> nodes) throws IOException {
        if (nodes.size() < 4) {
            throw new IllegalArgumentException("churn needs at least 4 nodes, not " + nodes.size());
        }
        Random random = new Random(seed);
        int stopCount = Math.max(1, (nodes.size() * STOP_PERCENT + 99) / 100);
        List<TestnetNode> shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, random);
        List<TestnetNode> leaving = sortedByNumber(shuffled.subList(0, stopCount));
        List<TestnetNode> staying = sortedByNumber(shuffled.subList(stopCount, shuffled.size()));
        Map<String, String> names = new HashMap<>();
        nodes.forEach(n -> names.put(n.peerId(), n.name()));

        ScenarioReport report = new ScenarioReport("churn");
        report.context("seed " + seed + ", " + nodes.size() + " nodes, " + files + " files of " + (size >> 10)
                + " KiB; to stop: " + namesOf(leaving));
        Path scratch = dir.resolve("scratch");
        Files.createDirectories(scratch);

        // Before the churn: files on survivors, and files on leavers that a survivor pins.
        List<Content> contents = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            boolean rescued = i % 2 == 1;
            List<TestnetNode> from = rescued ? leaving : staying;
            TestnetNode on = from.get(random.nextInt(from.size()));
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path file = scratch.resolve("churn-" + i + ".bin");
            Files.write(file, bytes);
            long t = System.nanoTime();
            NodeLauncher.Result added = cli.run(on.repo(), scratch, stepTimeout, "add", "-Q", file.toString());
            String cid = added.out().strip();
            if (!report.step("add file " + i + " on " + on.name() + (rescued ? " (leaves)" : " (stays)"), t,
                    added.code() == 0 && !cid.isEmpty(),
                    added.code() == 0 ? cid : "exit " + added.code() + ": " + added.stderr().strip())) {
                return report;
            }
            TestnetNode rescuer = null;
            if (rescued) {
                rescuer = staying.get(random.nextInt(staying.size()));
                t = System.nanoTime();
                NodeLauncher.Result pinned = cli.run(rescuer.repo(), scratch, stepTimeout, "pin", "add", cid);
                if (!report.step("pin file " + i + " on " + rescuer.name() + " (stays)", t, pinned.code() == 0,
                        pinned.code() == 0 ? pinned.out().strip()
                                : "exit " + pinned.code() + ": " + pinned.stderr().strip())) {
                    return report;
                }
            }
            contents.add(new Content(cid, ScenarioSupport.sha256(bytes), on, rescuer));
        }

        // The churn: stop the drawn 30%, start as many new nodes, each bootstrapped from a random survivor.
        long t = System.nanoTime();
        List<String> outcomes = new ArrayList<>();
        for (TestnetNode n : leaving) {
            outcomes.add(n.name() + " " + LocalTestnet.stopNode(n, Duration.ofSeconds(20)));
        }
        boolean allStopped = leaving.stream().noneMatch(LocalTestnet::alive);
        if (!report.step("stop " + stopCount + " of " + nodes.size() + " nodes", t, allStopped,
                String.join(", ", outcomes))) {
            return report;
        }
        t = System.nanoTime();
        int next = nodes.stream().mapToInt(Churn::number).max().orElse(0) + 1;
        Map<String, TestnetNode> bootstrapOf = new LinkedHashMap<>();
        for (int i = 0; i < stopCount; i++) {
            bootstrapOf.put("node" + (next + i), staying.get(random.nextInt(staying.size())));
        }
        List<TestnetNode> joined;
        try {
            joined = LocalTestnet.start(dir, bootstrapOf, cli, readyTimeout);
        } catch (IOException e) {
            report.step("start " + stopCount + " new nodes", t, false, e.getMessage());
            return report;
        }
        joined.forEach(n -> names.put(n.peerId(), n.name()));
        report.step("start " + stopCount + " new nodes", t, true, namesOf(joined));

        // After: every CID found from a new node and fetched through a new node's gateway.
        List<String> live = new ArrayList<>(staying.stream().map(TestnetNode::peerId).toList());
        joined.forEach(n -> live.add(n.peerId()));
        int lookups = 0;
        List<Duration> fetchTimes = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            Content c = contents.get(i);
            TestnetNode finder = joined.get(i % joined.size());
            TestnetNode fetcher = joined.get((i + 1) % joined.size());
            t = System.nanoTime();
            long deadline = t + stepTimeout.toNanos();
            int tries = 0;
            String found;
            while (true) {
                tries++;
                List<String> providers;
                try {
                    providers = net.findProviders(finder, c.cid(), stepTimeout);
                    found = null;
                } catch (IOException e) {
                    providers = List.of();
                    found = e.getMessage();
                }
                List<String> running = providers.stream().filter(live::contains).map(names::get).toList();
                if (found == null) {
                    found = providers.size() + " providers (" + String.join(", ", providers.stream()
                            .map(p -> names.getOrDefault(p, ScenarioSupport.shortId(p))).toList())
                            + "), running: " + (running.isEmpty() ? "none" : String.join(", ", running));
                }
                if (!running.isEmpty() || System.nanoTime() > deadline) {
                    lookups += tries;
                    if (!report.step("findprovs file " + i + " from " + finder.name(), t, !running.isEmpty(),
                            found + "; " + tries + (tries == 1 ? " lookup" : " lookups")
                                    + (c.rescuer() == null ? "" : "; only original provider " + c.addedOn().name()
                                            + " was stopped"))) {
                        return report;
                    }
                    break;
                }
                ScenarioSupport.sleep(500);
            }
            t = System.nanoTime();
            String got = net.sha256Until(fetcher.gateway() + "/ipfs/" + c.cid(), t + stepTimeout.toNanos());
            Duration took = Duration.ofNanos(System.nanoTime() - t);
            fetchTimes.add(took);
            boolean same = got.equals("sha256 " + c.sha());
            if (!report.step("fetch file " + i + " via gateway of " + fetcher.name(), t, same,
                    same ? ScenarioSupport.shortId(c.cid()) + " sha256 matches"
                            : got + ", want sha256 " + c.sha() + "; " + diagnose(fetcher, c.cid(), names))) {
                return report;
            }
        }
        Collections.sort(fetchTimes);
        double median = fetchTimes.get((fetchTimes.size() - 1) / 2).toMillis() / 1e3;
        double max = fetchTimes.get(fetchTimes.size() - 1).toMillis() / 1e3;
        report.summary(String.format("nodes stopped %d (%s), started %d (%s); lookups %d for %d CIDs; "
                + "fetch median %.2f s, max %.2f s", stopCount, namesOf(leaving), joined.size(), namesOf(joined),
                lookups, contents.size(), median, max));
        return report;
    }

    /** What the fetcher's own DHT says about the CID, for a failed fetch's report line. */
    private String diagnose(TestnetNode fetcher, String cid, Map<String, String> names) {
        try {
            List<String> p = net.findProviders(fetcher, cid, Duration.ofSeconds(30));
            return fetcher.name() + "'s findprovs: " + (p.isEmpty() ? "none" : String.join(", ",
                    p.stream().map(id -> names.getOrDefault(id, ScenarioSupport.shortId(id))).toList()));
        } catch (IOException e) {
            return fetcher.name() + "'s findprovs failed: " + e.getMessage();
        }
    }

    private static int number(TestnetNode n) {
        return Integer.parseInt(n.name().replaceAll("\\D", ""));
    }

    private static List<TestnetNode> sortedByNumber(List<TestnetNode> nodes) {
        List<TestnetNode> sorted = new ArrayList<>(nodes);
        sorted.sort(java.util.Comparator.comparingInt(Churn::number));
        return sorted;
    }

    private static String namesOf(List<TestnetNode> nodes) {
        return String.join(", ", nodes.stream().map(TestnetNode::name).toList());
    }
}
