package io.cairn.testnet.inproc;

import io.cairn.core.multiformats.Cid;
import io.cairn.gateway.GatewayOptions;
import io.cairn.testnet.fault.FaultNetwork;
import io.cairn.testnet.fault.FaultPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code testnet/run up N --in-process}: N {@link InProcessNode}s in this JVM, each with a gateway, in the foreground
 * until SIGINT/SIGTERM or {@code --for} seconds. {@link #start} is the part a test drives: start, print one line per
 * node, optionally add a file on node1, print {@code testnet ready}; {@link #close} stops everything.
 */
public final class InProcessUp implements AutoCloseable {
    static final String USAGE = "usage: testnet/run up N --in-process [--faults latency=MS,jitter=MS,loss=RATE,"
            + "resets=RATE] [--seed S] [--for SECONDS] [--add FILE]";
    /** The longest a run lasts without {@code --for}: nothing started by hand should outlive a forgotten shell. */
    static final Duration DEFAULT_FOR = Duration.ofHours(1);
    private static final Duration HOOK_WAIT = Duration.ofSeconds(60);
    /**
     * Idle connections close after this: without it 100 nodes held about 9,600 sockets (nearly every pair connected
     * after the bootstrap lookups) and 200 would pass the usual 20,000 descriptors.
     */
    private static final Duration IDLE = Duration.ofSeconds(5);

    /** {@code add}: a file to add on node1 at start, null for none. */
    public record Options(int nodes, FaultPlan faults, long seed, Duration runFor, Path add) {
        public Options {
            if (nodes < 2) {
                throw new IllegalArgumentException("at least 2 nodes: " + nodes);
            }
            if (runFor.isNegative() || runFor.isZero()) {
                throw new IllegalArgumentException("--for must be positive");
            }
        }

        /** The arguments after {@code up}, without {@code --in-process}. */
        public static Options parse(List<String> args) {
            Integer nodes = null;
            FaultPlan faults = FaultPlan.NONE;
            long seed = System.currentTimeMillis();
            Duration runFor = DEFAULT_FOR;
            Path add = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--faults" -> faults = faults(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--for" -> runFor = Duration.ofSeconds(Long.parseLong(value(args, ++i, a)));
                    case "--add" -> add = Path.of(value(args, ++i, a));
                    // testnet/run passes --cairn for daemons; --dir is accepted for symmetry: nothing is written
                    case "--dir", "--cairn" -> value(args, ++i, a);
                    default -> {
                        if (a.startsWith("--") || nodes != null) {
                            throw new IllegalArgumentException("unknown argument " + a);
                        }
                        nodes = Integer.parseInt(a);
                    }
                }
            }
            if (nodes == null) {
                throw new IllegalArgumentException("up needs the number of nodes");
            }
            return new Options(nodes, faults, seed, runFor, add);
        }

        /** {@code latency=MS,jitter=MS,loss=RATE,resets=RATE}, any subset; loss costs a 200 ms retransmission. */
        static FaultPlan faults(String spec) {
            long latency = 0;
            long jitter = 0;
            double loss = 0;
            double resets = 0;
            for (String part : spec.split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("--faults: " + part + " is not KEY=VALUE");
                }
                switch (kv[0].trim()) {
                    case "latency" -> latency = Long.parseLong(kv[1].trim());
                    case "jitter" -> jitter = Long.parseLong(kv[1].trim());
                    case "loss" -> loss = Double.parseDouble(kv[1].trim());
                    case "resets" -> resets = Double.parseDouble(kv[1].trim());
                    default -> throw new IllegalArgumentException("--faults: unknown key " + kv[0]
                            + " (latency, jitter, loss, resets)");
                }
            }
            if (latency < 0 || jitter < 0 || loss < 0 || loss > 1 || resets < 0 || resets > 1) {
                throw new IllegalArgumentException("--faults: times must be >= 0 and rates within 0..1: " + spec);
            }
            return FaultPlan.NONE.withLatency(Duration.ofMillis(latency), Duration.ofMillis(jitter))
                    .withLoss(loss, Duration.ofMillis(200)).withResetRate(resets);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }
    }

    private final InProcessTestnet net;
    private final Cid added;

    private InProcessUp(InProcessTestnet net, Cid added) {
        this.net = net;
        this.added = added;
    }

    /**
     * Starts the nodes with their gateways, prints a line per node (name, peer ID, swarm address, gateway URL), adds
     * {@code --add}'s file on node1 and prints its URL on the last node's gateway (which never had it, so it fetches
     * through the DHT and Bitswap), then {@code testnet ready}. On failure, stops what was started.
     */
    public static InProcessUp start(Options o, PrintStream out) throws IOException {
        byte[] content = o.add() == null ? null : Files.readAllBytes(o.add());
        out.printf("seed %d (repeat with --seed %d); faults: %s%n", o.seed(), o.seed(), o.faults());
        long t = System.nanoTime();
        FaultNetwork faults = new FaultNetwork(o.seed());
        faults.plan(o.faults());
        InProcessTestnet net = InProcessTestnet.builder()
                .nodes(o.nodes())
                .seed(o.seed())
                .faults(faults)
                // a few hundred nodes bootstrapping on two cores answer slowly: longer limits than the tests' own
                .requestTimeout(Duration.ofSeconds(10))
                .fetchTimeout(Duration.ofSeconds(60))
                .wantTimeout(Duration.ofSeconds(2))
                .idleTimeout(IDLE)
                .bootstrapParallelism(Math.max(1, Math.min(16, o.nodes() / 10)))
                .gateways(GatewayOptions.builder().workerThreads(2).maxConcurrentRequests(64)
                        .retrievalTimeout(Duration.ofSeconds(60)).build())
                .start();
        try {
            out.printf("%-8s %-54s %-86s %s%n", "NODE", "PEER ID", "SWARM", "GATEWAY");
            for (InProcessNode n : net.nodes()) {
                out.printf("%-8s %-54s %-86s %s%n", n.name(), n.peerId(), n.address(),
                        n.gatewayUrl().map(URI::toString).orElse("-"));
            }
            Cid cid = null;
            if (content != null) {
                InProcessNode first = net.node(0);
                InProcessNode last = net.node(net.nodes().size() - 1);
                cid = first.add(content, 60_000);
                out.printf("added %s (%d bytes) on %s: %s%n", o.add(), content.length, first.name(), cid);
                out.printf("fetch it through %s, which never had it: %s/ipfs/%s%n", last.name(),
                        last.gatewayUrl().orElseThrow(), cid);
            }
            out.printf("testnet ready: %d nodes in %.2f s%n", o.nodes(), (System.nanoTime() - t) / 1e9);
            out.flush();
            return new InProcessUp(net, cid);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    public InProcessTestnet testnet() {
        return net;
    }

    /** The CID of {@code --add}'s file. */
    public Optional<Cid> added() {
        return Optional.ofNullable(added);
    }

    @Override
    public void close() {
        net.close();
    }

    /**
     * The command: starts, then waits for SIGINT/SIGTERM (a shutdown hook) or {@code --for}, and closes everything
     * before the JVM exits. Returns 0 when it ran and stopped, 1 when the nodes did not start, 2 on bad usage.
     */
    public static int main(List<String> args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("testnet: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // The hook only asks the main thread to stop and waits (bounded) for it to have closed everything: the JVM
        // exits once hooks return, so closing in the main thread alone would be cut short by a signal.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "testnet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            InProcessUp up;
            try {
                up = start(o, out);
            } catch (IOException e) {
                err.println("testnet: " + e.getMessage());
                return 1;
            }
            boolean signalled = false;
            try {
                out.printf("running for up to %d s; stop with Ctrl-C or SIGTERM%n", o.runFor().toSeconds());
                out.flush();
                signalled = stop.await(o.runFor().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                out.println(signalled ? "stopping (signal)" : "stopping");
                long t = System.nanoTime();
                up.close();
                out.printf("stopped %d nodes in %.2f s%n", up.net.nodes().size(), (System.nanoTime() - t) / 1e9);
            }
            return 0;
        } finally {
            out.flush();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (a signal): the hook is running and returns once closed is down
            }
        }
    }
}
