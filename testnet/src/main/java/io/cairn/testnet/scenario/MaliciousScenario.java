package io.cairn.testnet.scenario;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.peer.PeerId;
import io.cairn.testnet.adversary.MaliciousNode;
import io.cairn.testnet.fault.FaultPlan;
import io.cairn.testnet.inproc.InProcessNode;
import io.cairn.testnet.inproc.InProcessTestnet;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario {@code malicious}: in-process honest nodes and liars ({@link MaliciousNode}: lies to every DHT lookup,
 * HAVE for every block and wrong bytes for every block asked of it). An honest node adds a file; the liars announce
 * themselves as its providers too; a new honest node that met the liars first (and, after joining the DHT, is
 * connected to them alone) fetches the file. It passes when the
 * file arrives byte-identical within the time limit, the liars were really asked (DHT lies told, corrupt blocks
 * served), every liar that served a corrupt block was dropped by the fetcher's Bitswap, and no invented peer entered
 * any honest routing table.
 *
 * <p>Randomness (identities, content, liars' lies, fault draws) comes from one seed, printed in the report; thread
 * timing still varies between runs.
 */
public final class MaliciousScenario {
    /** What to run. */
    public record Options(int honest, int liars, int size, long seed, Duration timeout, FaultPlan faults) {
        public static Options defaults() {
            return new Options(6, 2, 1 << 20, System.nanoTime(), Duration.ofSeconds(60),
                    FaultPlan.NONE.withLatency(Duration.ofMillis(5), Duration.ofMillis(10)));
        }
    }

    /** One check of the report. */
    public record Check(String name, boolean ok, String detail) { }

    /** What happened; {@link #format()} is the printed report. */
    public record Report(Options options, List<Check> checks, List<MaliciousNode.Stats> liars, long liarsDropped,
            long fakesInTables, double fetchSeconds, double totalSeconds) {
        public boolean passed() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
        }

        public long dhtLies() {
            return liars.stream().mapToLong(MaliciousNode.Stats::dhtLies).sum();
        }

        public long corruptBlocks() {
            return liars.stream().mapToLong(MaliciousNode.Stats::corruptBlocksServed).sum();
        }

        public String format() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("scenario malicious  seed %d  %d honest + %d liars  %d KiB  faults: %s%n",
                    options.seed(), options.honest(), options.liars(), options.size() >> 10, options.faults()));
            for (int i = 0; i < liars.size(); i++) {
                MaliciousNode.Stats s = liars.get(i);
                b.append(String.format("  liar%d: %d FIND_NODE + %d GET_PROVIDERS lies (%d invented peers), %d false"
                        + " provider records, %d corrupt blocks served%n", i + 1, s.findNodeLies(),
                        s.getProvidersLies(), s.fakePeersSent(), s.falseAnnouncements(), s.corruptBlocksServed()));
            }
            b.append(String.format("  lies received %d, corrupt blocks rejected %d (accepted 0), liars dropped %d/%d,"
                    + " invented peers in honest routing tables %d, fetch %.2f s%n", dhtLies(), corruptBlocks(),
                    liarsDropped, liars.size(), fakesInTables, fetchSeconds));
            for (Check c : checks) {
                b.append(String.format("  %-4s %-44s %s%n", c.ok() ? "ok" : "FAIL", c.name(), c.detail()));
            }
            b.append(String.format("%s (%.1f s)%n", passed() ? "PASS" : "FAIL", totalSeconds));
            return b.toString();
        }
    }

    private MaliciousScenario() {
    }

    /** Runs the scenario; every node it started is stopped before it returns. */
    public static Report run(Options o) throws IOException {
        long start = System.nanoTime();
        List<Check> checks = new ArrayList<>();
        List<MaliciousNode> liars = new ArrayList<>();
        long dropped = 0;
        long fakesInTables = 0;
        double fetchSeconds = Double.NaN;
        try (InProcessTestnet net = InProcessTestnet.builder().nodes(o.honest()).seed(o.seed())
                .requestTimeout(Duration.ofSeconds(2)).fetchTimeout(o.timeout()).start()) {
            net.faults().plan(o.faults());
            for (int i = 0; i < o.liars(); i++) {
                liars.add(MaliciousNode.start(net, o.seed() + 1 + i));
            }
            InProcessNode provider = net.node(o.honest() - 1);
            byte[] content = new byte[o.size()];
            new Random(o.seed()).nextBytes(content);
            Cid cid = provider.add(content, 30_000);
            for (MaliciousNode liar : liars) {
                liar.announceFalsely(cid.multihash(), net.nodes(), Duration.ofSeconds(5));
            }

            // The fetcher meets the liars before anyone else, then joins the DHT through the seeds.
            InProcessNode fetcher = net.addNode();
            for (MaliciousNode liar : liars) {
                awaitQuietly(fetcher.host().connect(liar.address()).thenCompose(c -> c.identified()), 10);
            }
            awaitQuietly(fetcher.dht().bootstrap(), 30);
            // Bootstrapping connected it to every honest node; it hangs up on them, as an idle node would, so that
            // Bitswap starts with the liars alone and must find the provider through the (lying) DHT.
            Set<PeerId> liarIds = new HashSet<>();
            liars.forEach(l -> liarIds.add(l.peerId()));
            for (io.cairn.network.host.Connection c : fetcher.host().connections()) {
                if (!liarIds.contains(c.remotePeer())) {
                    c.close();
                    awaitQuietly(c.closeFuture(), 5);
                }
            }

            long t = System.nanoTime();
            byte[] got = null;
            String failure = null;
            CompletableFuture<byte[]> fetch = CompletableFuture.supplyAsync(() -> {
                try {
                    return fetcher.fetch(cid);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                got = fetch.get(o.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                failure = String.valueOf(e.getCause());
            } catch (TimeoutException e) {
                fetch.cancel(true);
                failure = "no content within " + o.timeout().toSeconds() + " s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            }
            fetchSeconds = (System.nanoTime() - t) / 1e9;
            String want = sha256(content);
            checks.add(new Check("fetch " + cid, got != null && Arrays.equals(got, content),
                    got != null ? "sha256 " + abbreviate(sha256(got)) + (Arrays.equals(got, content) ? " (matches)"
                    : " (expected " + abbreviate(want) + ")") : failure));
            checks.add(new Check("fetch within " + o.timeout().toSeconds() + " s",
                    fetchSeconds <= o.timeout().toSeconds(), String.format("%.2f s", fetchSeconds)));

            List<MaliciousNode.Stats> stats = liars.stream().map(MaliciousNode::stats).toList();
            long lies = stats.stream().mapToLong(MaliciousNode.Stats::dhtLies).sum();
            checks.add(new Check("liars were asked by the DHT", lies > 0, lies + " lies told"));
            long corrupt = stats.stream().mapToLong(MaliciousNode.Stats::corruptBlocksServed).sum();
            checks.add(new Check("liars were asked for blocks", corrupt > 0, corrupt + " corrupt blocks served"));
            List<String> notDropped = new ArrayList<>();
            for (int i = 0; i < liars.size(); i++) {
                if (fetcher.bitswap().isBadPeer(liars.get(i).peerId())) {
                    dropped++;
                } else if (stats.get(i).corruptBlocksServed() > 0) {
                    notDropped.add("liar" + (i + 1));
                }
            }
            checks.add(new Check("every liar that sent a corrupt block dropped", notDropped.isEmpty(),
                    notDropped.isEmpty() ? dropped + " of " + liars.size() + " liars dropped by the fetcher"
                    : "still trusted: " + notDropped));
            Set<PeerId> invented = new HashSet<>();
            liars.forEach(l -> invented.addAll(l.inventedPeers()));
            for (InProcessNode n : net.nodes()) {
                for (PeerId p : awaitQuietly(n.dht().routingTablePeers(), 10)) {
                    if (invented.contains(p)) {
                        fakesInTables++;
                    }
                }
            }
            checks.add(new Check("no invented peer in an honest routing table", fakesInTables == 0,
                    fakesInTables + " of " + invented.size() + " invented peers"));
            return new Report(o, checks, stats, dropped, fakesInTables, fetchSeconds,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static <T> T awaitQuietly(CompletableFuture<T> f, int seconds) {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            // the scenario's checks report what this step could not do
            return null;
        }
    }

    private static String sha256(byte[] data) {
        return HexFormat.of().formatHex(HashFunction.SHA2_256.digest(data, 0, data.length));
    }

    private static String abbreviate(String hex) {
        return hex.substring(0, 8) + "..." + hex.substring(hex.length() - 5);
    }

    /**
     * {@code testnet/run scenario malicious [--nodes N] [--liars M] [--size BYTES] [--seed S] [--latency MS]
     * [--jitter MS] [--loss RATE] [--resets RATE] [--timeout S]}: the faults apply to every connection from the
     * start (see {@link FaultPlan}; loss costs a 200 ms retransmission). Prints the report, returns 0 when it
     * passed, 1 when not, 2 for bad usage.
     */
    public static int main(List<String> args, PrintStream out, PrintStream err) {
        Options d = Options.defaults();
        int honest = d.honest();
        int liars = d.liars();
        int size = d.size();
        long seed = d.seed();
        long latency = d.faults().latency().toMillis();
        long jitter = d.faults().jitter().toMillis();
        double loss = 0;
        double resets = 0;
        long timeout = d.timeout().toSeconds();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String v = i + 1 < args.size() ? args.get(i + 1) : null;
                if (v == null) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                i++;
                switch (a) {
                    case "--nodes" -> honest = Integer.parseInt(v);
                    case "--liars" -> liars = Integer.parseInt(v);
                    case "--size" -> size = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--latency" -> latency = Long.parseLong(v);
                    case "--jitter" -> jitter = Long.parseLong(v);
                    case "--loss" -> loss = Double.parseDouble(v);
                    case "--resets" -> resets = Double.parseDouble(v);
                    case "--timeout" -> timeout = Long.parseLong(v);
                    case "--cairn", "--dir" -> { } // testnet/run passes these to every command; in-process needs none
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (honest < 3 || liars < 1 || size < 1) {
                throw new IllegalArgumentException("needs --nodes >= 3, --liars >= 1, --size >= 1");
            }
        } catch (IllegalArgumentException e) {
            err.println("testnet: " + e.getMessage());
            err.println("usage: testnet/run scenario malicious [--nodes N] [--liars M] [--size BYTES] [--seed S]"
                    + " [--latency MS] [--jitter MS] [--loss RATE] [--resets RATE] [--timeout S]");
            return 2;
        }
        Options o;
        try {
            o = new Options(honest, liars, size, seed, Duration.ofSeconds(timeout),
                    FaultPlan.NONE.withLatency(Duration.ofMillis(latency), Duration.ofMillis(jitter))
                            .withLoss(loss, Duration.ofMillis(200)).withResetRate(resets));
        } catch (IllegalArgumentException e) {
            err.println("testnet: " + e.getMessage());
            return 2;
        }
        try {
            Report r = run(o);
            out.print(r.format());
            return r.passed() ? 0 : 1;
        } catch (IOException e) {
            err.println("testnet: scenario malicious could not run (seed " + seed + "): " + e.getMessage());
            return 1;
        }
    }
}
