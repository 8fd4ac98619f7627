package io.cairn.testnet.scenario;

import io.cairn.testnet.local.NodeLauncher;
import io.cairn.testnet.local.TestnetNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Scenario {@code add-fetch-pin}: a random file added on node A is fetched through the gateway of node B, which
 * never saw it (B must find A through the DHT and fetch over Bitswap), and pinned on node C. The bytes B serves
 * must hash to the file's SHA-256, and C's {@code pin ls} must list the root as a recursive pin.
 *
 * <p>A, B and C are the second, third and fourth nodes when there are four or more, so none of them is the seed
 * every node knows directly; with three nodes they are the first three.
 */
public final class AddFetchPin {
    private final NodeLauncher cli;
    private final Path scratch;
    private final int size;
    private final long seed;
    private final Duration stepTimeout;

    /**
     * @param cli         runs {@code cairn add} and {@code cairn pin} as processes
     * @param scratch     where the random file and command output go
     * @param size        the file's size in bytes
     * @param seed        the file's random seed
     * @param stepTimeout the bound on each step
     */
    public AddFetchPin(NodeLauncher cli, Path scratch, int size, long seed, Duration stepTimeout) {
        this.cli = cli;
        this.scratch = scratch;
        this.size = size;
        this.seed = seed;
        this.stepTimeout = stepTimeout;
    }

    /** One timed step. */
    public record Step(String name, Duration took, boolean passed, String detail) {
    }

    /** What the scenario did: every step it reached, in order; it passed when every step passed. */
    public record Report(List<Step> steps) {
        public boolean passed() {
            return !steps.isEmpty() && steps.stream().allMatch(Step::passed);
        }

        /** A few lines for a person: one per step, then PASS or FAIL. */
        public String format() {
            StringBuilder b = new StringBuilder("scenario add-fetch-pin\n");
            for (Step s : steps) {
                b.append(String.format("  %-4s %-34s %8.2f s  %s%n", s.passed() ? "ok" : "FAIL", s.name(),
                        s.took().toMillis() / 1000.0, s.detail()));
            }
            return b.append(passed() ? "PASS" : "FAIL").append('\n').toString();
        }
    }

    /** Runs the scenario on a started testnet of at least three nodes; never throws for a failed step. */
    public Report run(List<TestnetNode> nodes) throws IOException {
        if (nodes.size() < 3) {
            throw new IllegalArgumentException("add-fetch-pin needs at least 3 nodes, not " + nodes.size());
        }
        int first = nodes.size() >= 4 ? 1 : 0;
        TestnetNode a = nodes.get(first);
        TestnetNode b = nodes.get(first + 1);
        TestnetNode c = nodes.get(first + 2);
        List<Step> steps = new ArrayList<>();

        Files.createDirectories(scratch);
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        Path file = scratch.resolve("add-fetch-pin.bin");
        Files.write(file, content);
        String sha = ScenarioSupport.sha256(content);

        long t = System.nanoTime();
        NodeLauncher.Result added = cli.run(a.repo(), scratch, stepTimeout, "add", "-Q", file.toString());
        String cid = added.out().strip();
        if (added.code() != 0 || cid.isEmpty()) {
            steps.add(new Step("add on " + a.name(), since(t), false, "exit " + added.code() + ": "
                    + added.stderr().strip()));
            return new Report(steps);
        }
        steps.add(new Step("add " + (size >> 10) + " KiB on " + a.name(), since(t), true, cid));

        t = System.nanoTime();
        // A announces its blocks in the background, so B may not find a provider at first: retried until the bound.
        String fetched = new ScenarioSupport().sha256Until(b.gateway() + "/ipfs/" + cid,
                System.nanoTime() + stepTimeout.toNanos());
        boolean same = fetched.equals("sha256 " + sha);
        steps.add(new Step("fetch via gateway of " + b.name(), since(t), same,
                same ? fetched + " (matches)" : fetched + ", want sha256 " + sha));
        if (!same) {
            return new Report(steps);
        }

        t = System.nanoTime();
        NodeLauncher.Result pinned = cli.run(c.repo(), scratch, stepTimeout, "pin", "add", cid);
        steps.add(new Step("pin add on " + c.name(), since(t), pinned.code() == 0,
                pinned.code() == 0 ? pinned.out().strip() : "exit " + pinned.code() + ": " + pinned.stderr().strip()));
        if (pinned.code() != 0) {
            return new Report(steps);
        }

        t = System.nanoTime();
        NodeLauncher.Result ls = cli.run(c.repo(), scratch, stepTimeout, "pin", "ls", "--type", "recursive");
        boolean listed = ls.code() == 0 && ls.out().lines().anyMatch(l -> l.startsWith(cid + " "));
        steps.add(new Step("pin ls on " + c.name(), since(t), listed,
                listed ? cid + " recursive" : "not listed: " + ls.out().strip() + ls.stderr().strip()));
        return new Report(steps);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
