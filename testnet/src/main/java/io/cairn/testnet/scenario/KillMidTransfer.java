package io.cairn.testnet.scenario;

import io.cairn.testnet.local.LocalTestnet;
import io.cairn.testnet.local.NodeLauncher;
import io.cairn.testnet.local.TestnetNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario {@code kill-mid-transfer}: a provider dies (SIGKILL) while a node fetches a large file from it; the fetch
 * completes from the other provider with byte-identical content and a sound repository, and the killed node comes
 * back with its repository intact.
 *
 * <p>Providers A and B add the same random file (same bytes, so the same CID); once the fetcher F's DHT finds both,
 * F runs {@code cairn pin add CID}, which fetches the whole DAG over Bitswap. The scenario watches the daemons'
 * counters ({@code cairn_blocks_fetched_total} on F, {@code cairn_blocks_served_total} on A and B) and, once F has
 * a tenth of the blocks, SIGKILLs whichever provider has served F more so far: that one is mid-transfer. Then the
 * pin must succeed, the other provider must have served blocks after the kill, F's gateway must serve bytes with the
 * file's SHA-256, and {@code cairn repo verify} on F must find no corrupt block. Last the killed node is started
 * again on its repository: {@code repo verify} must pass there and {@code pin ls} must still list the file.
 *
 * <p>A, B and F are the second, third and fourth nodes, so none is the seed every node knows directly.
 */
public final class KillMidTransfer {
    /** The default chunker's block size: how the file's block count is estimated. */
    private static final int CHUNK = 256 << 10;
    private static final long POLL_MILLIS = 50;

    private final NodeLauncher cli;
    private final Path dir;
    private final int size;
    private final long seed;
    private final Duration stepTimeout;
    private final Duration readyTimeout;
    private final ScenarioSupport net = new ScenarioSupport();

    /**
     * @param cli          starts daemons and runs {@code cairn} commands as processes
     * @param dir          the testnet's directory (the killed node is restarted and recorded there)
     * @param size         the file's size in bytes: large enough that the fetch lasts a few polls (64 MiB)
     * @param seed         the file's random seed
     * @param stepTimeout  the bound on each step
     * @param readyTimeout the bound on the restarted daemon's start
     */
    public KillMidTransfer(NodeLauncher cli, Path dir, int size, long seed, Duration stepTimeout,
            Duration readyTimeout) {
        if (size < 4 * CHUNK) {
            throw new IllegalArgumentException("kill-mid-transfer needs at least 1 MiB to kill mid-way, not " + size);
        }
        this.cli = cli;
        this.dir = dir;
        this.size = size;
        this.seed = seed;
        this.stepTimeout = stepTimeout;
        this.readyTimeout = readyTimeout;
    }

    /** Runs the scenario on a testnet of at least 4 nodes started in {@code dir}; never throws for a failed step. */
    public ScenarioReport run(List<TestnetNode> nodes) throws IOException {
        if (nodes.size() < 4) {
            throw new IllegalArgumentException("kill-mid-transfer needs at least 4 nodes, not " + nodes.size());
        }
        TestnetNode seedNode = nodes.get(0);
        TestnetNode a = nodes.get(1);
        TestnetNode b = nodes.get(2);
        TestnetNode f = nodes.get(3);
        ScenarioReport report = new ScenarioReport("kill-mid-transfer");
        report.context("seed " + seed + ", " + (size >> 20) + " MiB (" + ((size + CHUNK - 1) / CHUNK)
                + " chunks); providers " + a.name() + " and " + b.name() + ", fetcher " + f.name());
        Path scratch = dir.resolve("scratch");
        Files.createDirectories(scratch);
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Path file = scratch.resolve("kill-mid-transfer.bin");
        Files.write(file, bytes);
        String sha = ScenarioSupport.sha256(bytes);
        bytes = null; // 64 MiB the rest of the run does not need

        // Both providers add the same bytes at once (two JVM start-ups overlap).
        long t = System.nanoTime();
        CompletableFuture<NodeLauncher.Result> onB = async(() -> cli.run(b.repo(), scratch, stepTimeout,
                "add", "-Q", file.toString()));
        NodeLauncher.Result addedA = cli.run(a.repo(), scratch, stepTimeout, "add", "-Q", file.toString());
        NodeLauncher.Result addedB = await(onB, stepTimeout);
        String cid = addedA.out().strip();
        boolean added = addedA.code() == 0 && addedB.code() == 0 && !cid.isEmpty()
                && cid.equals(addedB.out().strip());
        if (!report.step("add on " + a.name() + " and " + b.name(), t, added,
                added ? cid : outcome(a, addedA) + "; " + outcome(b, addedB))) {
            return report;
        }

        // F must know both providers before the fetch, else "the other provider" may be unknown to it.
        t = System.nanoTime();
        long deadline = t + stepTimeout.toNanos();
        List<String> providers = List.of();
        int lookups = 0;
        while (System.nanoTime() < deadline) {
            lookups++;
            providers = net.findProviders(f, cid, stepTimeout);
            if (providers.contains(a.peerId()) && providers.contains(b.peerId())) {
                break;
            }
            ScenarioSupport.sleep(500);
        }
        boolean both = providers.contains(a.peerId()) && providers.contains(b.peerId());
        if (!report.step("findprovs from " + f.name(), t, both, (both ? "both providers" : "not both: "
                + providers) + " after " + lookups + (lookups == 1 ? " lookup" : " lookups"))) {
            return report;
        }

        // The fetch, and the kill once a tenth of it has arrived.
        long servedA0 = net.counter(a, "cairn_blocks_served_total");
        long servedB0 = net.counter(b, "cairn_blocks_served_total");
        long fetched0 = net.counter(f, "cairn_blocks_fetched_total");
        long threshold = Math.max(2, size / CHUNK / 10);
        t = System.nanoTime();
        CompletableFuture<NodeLauncher.Result> pin = async(() -> cli.run(f.repo(), scratch, stepTimeout,
                "pin", "add", cid));
        deadline = t + stepTimeout.toNanos();
        long fetchedAtKill = -1;
        long servedA = 0;
        long servedB = 0;
        while (!pin.isDone() && System.nanoTime() < deadline) {
            long fetched = net.counter(f, "cairn_blocks_fetched_total") - fetched0;
            if (fetched >= threshold) {
                servedA = net.counter(a, "cairn_blocks_served_total") - servedA0;
                servedB = net.counter(b, "cairn_blocks_served_total") - servedB0;
                fetchedAtKill = fetched;
                break;
            }
            ScenarioSupport.sleep(POLL_MILLIS);
        }
        if (fetchedAtKill < 0) {
            String why = pin.isDone() ? "the fetch ended before " + threshold + " blocks were counted: "
                    + describe(pin) + "; use a larger --size" : "fewer than " + threshold + " blocks fetched in "
                    + stepTimeout.toSeconds() + " s";
            report.step("kill a provider mid-transfer", t, false, why);
            pin.cancel(true);
            return report;
        }
        TestnetNode victim = servedB > servedA ? b : a;
        TestnetNode other = victim == a ? b : a;
        long victimServed = victim == a ? servedA : servedB;
        long otherServed0 = victim == a ? servedB0 + servedB : servedA0 + servedA;
        long killedAt = System.nanoTime();
        boolean killed = LocalTestnet.kill(victim, Duration.ofSeconds(10));
        if (!report.step("SIGKILL " + victim.name() + " mid-transfer", t, killed, String.format(
                "%s had %d blocks, %s had served %d, %s %d", f.name(), fetchedAtKill, victim.name(), victimServed,
                other.name(), victim == a ? servedB : servedA))) {
            pin.cancel(true);
            return report;
        }

        NodeLauncher.Result pinned = await(pin, stepTimeout);
        boolean pinOk = pinned.code() == 0 && pinned.out().contains(cid);
        long otherAfter = net.counter(other, "cairn_blocks_served_total") - otherServed0;
        long fetchedTotal = net.counter(f, "cairn_blocks_fetched_total") - fetched0;
        if (!report.step("pin add completes on " + f.name(), killedAt, pinOk && otherAfter > 0, pinOk
                ? String.format("%d blocks fetched; %s served %d after the kill", fetchedTotal, other.name(),
                        otherAfter)
                : "exit " + pinned.code() + ": " + pinned.out().strip() + " " + pinned.stderr().strip())) {
            return report;
        }

        t = System.nanoTime();
        String got = net.sha256Until(f.gateway() + "/ipfs/" + cid, t + stepTimeout.toNanos());
        if (!report.step("content via gateway of " + f.name(), t, got.equals("sha256 " + sha),
                got.equals("sha256 " + sha) ? "sha256 " + ScenarioSupport.shortId(sha) + " (matches the file)"
                        : got + ", want sha256 " + sha)) {
            return report;
        }
        if (!verify(report, f, scratch)) {
            return report;
        }

        t = System.nanoTime();
        TestnetNode restarted;
        try {
            restarted = LocalTestnet.start(dir, Map.of(victim.name(), seedNode), cli, readyTimeout).get(0);
        } catch (IOException e) {
            report.step("restart " + victim.name(), t, false, e.getMessage());
            return report;
        }
        report.step("restart " + victim.name(), t, restarted.peerId().equals(victim.peerId()),
                "pid " + restarted.pid() + ", same peer ID " + ScenarioSupport.shortId(restarted.peerId()));
        if (!verify(report, restarted, scratch)) {
            return report;
        }
        t = System.nanoTime();
        NodeLauncher.Result ls = cli.run(restarted.repo(), scratch, stepTimeout, "pin", "ls", "--type", "recursive");
        boolean listed = ls.code() == 0 && ls.out().lines().anyMatch(l -> l.startsWith(cid + " "));
        report.step("pin ls on " + restarted.name(), t, listed, listed ? ScenarioSupport.shortId(cid)
                + " still pinned recursively" : "not listed: " + ls.out().strip() + ls.stderr().strip());
        return report;
    }

    private boolean verify(ScenarioReport report, TestnetNode node, Path scratch) throws IOException {
        long t = System.nanoTime();
        NodeLauncher.Result r = cli.run(node.repo(), scratch, stepTimeout, "repo", "verify");
        return report.step("repo verify on " + node.name(), t, r.code() == 0,
                (r.out().strip() + " " + r.stderr().strip()).strip());
    }

    private static String outcome(TestnetNode node, NodeLauncher.Result r) {
        return node.name() + ": exit " + r.code() + " " + r.out().strip() + " " + r.stderr().strip();
    }

    private static String describe(CompletableFuture<NodeLauncher.Result> pin) {
        try {
            NodeLauncher.Result r = pin.getNow(null);
            return r == null ? "still running" : "pin add exit " + r.code() + " " + r.stderr().strip();
        } catch (RuntimeException e) {
            return "pin add failed: " + e.getMessage();
        }
    }

    private interface Command {
        NodeLauncher.Result run() throws IOException;
    }

    private static CompletableFuture<NodeLauncher.Result> async(Command c) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static NodeLauncher.Result await(CompletableFuture<NodeLauncher.Result> f, Duration timeout)
            throws IOException {
        try {
            // The command bounds itself by the same timeout; the extra seconds let it report that first.
            return f.get(timeout.toSeconds() + 15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (TimeoutException e) {
            throw new IOException("a cairn command did not finish within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
