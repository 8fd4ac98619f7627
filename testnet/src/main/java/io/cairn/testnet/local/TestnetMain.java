package io.cairn.testnet.local;

import io.cairn.testnet.scenario.AddFetchPin;
import io.cairn.testnet.scenario.Churn;
import io.cairn.testnet.scenario.KillMidTransfer;
import io.cairn.testnet.scenario.ScenarioReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code testnet/run up|down|status|scenario} commands. Exit status: 0 done (a scenario passed), 1 a scenario
 * failed or a node did not start, 2 bad usage.
 */
public final class TestnetMain {
    static final String USAGE = String.join("\n",
            "usage: testnet/run up N [--dir DIR]            start N daemons on loopback (node1 is the seed)",
            "       testnet/run up N --in-process [--faults latency=MS,jitter=MS,loss=RATE,resets=RATE] [--seed S]",
            "                 [--for SECONDS] [--add FILE]  N nodes in this JVM, in the foreground (default 3600 s)",
            "       testnet/run down [--dir DIR]            stop them (SIGTERM, bounded wait)",
            "       testnet/run status [--dir DIR]          list them and whether they run",
            "       testnet/run scenario add-fetch-pin [--nodes N] [--size BYTES] [--dir DIR]",
            "       testnet/run scenario malicious [--nodes N] [--liars M] [--size BYTES] [--seed S] [--latency MS]",
            "       testnet/run scenario churn [--nodes N] [--files N] [--size BYTES] [--seed S] [--dir DIR]",
            "       testnet/run scenario kill-mid-transfer [--nodes N] [--size BYTES] [--seed S] [--dir DIR]",
            "DIR defaults to ./testnet-data (scenarios: ./testnet-data/scenario); the seed to the clock (printed).");
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration DOWN_WAIT = Duration.ofSeconds(20);

    private TestnetMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Options shared by every command; {@code --cairn PATH} (set by testnet/run) runs daemons through a script. */
    /** {@code nodes}, {@code size}, {@code files} and {@code seed} are null when not given: scenarios differ. */
    private record Options(List<String> positional, Path dir, Integer nodes, Integer size, Integer files, Long seed,
            NodeLauncher launcher) {
        static Options parse(List<String> args, Path defaultDir) {
            List<String> positional = new ArrayList<>();
            Path dir = defaultDir;
            Integer nodes = null;
            Integer size = null;
            Integer files = null;
            Long seed = null;
            NodeLauncher launcher = NodeLauncher.thisJvm();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--dir" -> dir = Path.of(value(args, ++i, a));
                    case "--nodes" -> nodes = Integer.parseInt(value(args, ++i, a));
                    case "--size" -> size = Integer.parseInt(value(args, ++i, a));
                    case "--files" -> files = Integer.parseInt(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--cairn" -> launcher = NodeLauncher.script(Path.of(value(args, ++i, a)));
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        positional.add(a);
                    }
                }
            }
            return new Options(positional, dir, nodes, size, files, seed, launcher);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "up" -> {
                    if (rest.contains("--in-process")) {
                        return io.cairn.testnet.inproc.InProcessUp.main(
                                rest.stream().filter(a -> !a.equals("--in-process")).toList(), out, err);
                    }
                    Options o = Options.parse(rest, Path.of("testnet-data"));
                    if (o.positional().size() != 1) {
                        throw new IllegalArgumentException("up needs the number of nodes");
                    }
                    int n = Integer.parseInt(o.positional().get(0));
                    List<TestnetNode> nodes = LocalTestnet.up(o.dir(), n, o.launcher(), READY);
                    table(out, nodes);
                    out.println("recorded in " + o.dir().resolve(LocalTestnet.NODES_FILE) + "; daemon logs in "
                            + o.dir() + "/NODE/daemon.log; stop with: testnet/run down");
                    return 0;
                }
                case "down" -> {
                    Options o = Options.parse(rest, Path.of("testnet-data"));
                    List<LocalTestnet.Stopped> stopped = LocalTestnet.down(o.dir(), DOWN_WAIT);
                    if (stopped.isEmpty()) {
                        out.println("no testnet recorded in " + o.dir());
                    }
                    for (LocalTestnet.Stopped s : stopped) {
                        out.printf("%-8s pid %-8d %s%n", s.node().name(), s.node().pid(), s.outcome());
                    }
                    return 0;
                }
                case "status" -> {
                    Options o = Options.parse(rest, Path.of("testnet-data"));
                    List<TestnetNode> nodes = LocalTestnet.read(o.dir());
                    if (nodes.isEmpty()) {
                        out.println("no testnet recorded in " + o.dir());
                        return 0;
                    }
                    table(out, nodes);
                    return 0;
                }
                case "scenario" -> {
                    if (!rest.isEmpty() && rest.get(0).equals("malicious")) {
                        return io.cairn.testnet.scenario.MaliciousScenario.main(rest.subList(1, rest.size()), out, err);
                    }
                    Options o = Options.parse(rest, Path.of("testnet-data", "scenario"));
                    if (o.positional().size() != 1 || !SCENARIOS.contains(o.positional().get(0))) {
                        throw new IllegalArgumentException("scenarios: " + String.join(", ", SCENARIOS));
                    }
                    return scenario(o.positional().get(0), o, out);
                }
                case "-h", "--help", "help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        } catch (IllegalArgumentException e) {
            err.println("testnet: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("testnet: " + e.getMessage());
            return 1;
        }
    }

    /** The scenarios {@code testnet/run scenario NAME} runs. */
    static final List<String> SCENARIOS = List.of("add-fetch-pin", "churn", "kill-mid-transfer");

    /** Starts the scenario's testnet, runs it, prints its report, and always stops every node it started. */
    private static int scenario(String name, Options o, PrintStream out) throws IOException {
        int n = o.nodes() != null ? o.nodes() : name.equals("churn") ? 8 : 4;
        long seed = o.seed() != null ? o.seed() : System.currentTimeMillis();
        Duration step = Duration.ofSeconds(90);
        out.printf("seed %d (repeat with --seed %d)%n", seed, seed);
        long t = System.nanoTime();
        List<TestnetNode> nodes = LocalTestnet.up(o.dir(), n, o.launcher(), READY);
        boolean passed;
        try {
            out.printf("up %d nodes: %.2f s%n", nodes.size(), (System.nanoTime() - t) / 1e9);
            switch (name) {
                case "add-fetch-pin" -> {
                    AddFetchPin.Report report = new AddFetchPin(o.launcher(), o.dir().resolve("scratch"),
                            o.size() != null ? o.size() : 3 << 20, seed, step).run(nodes);
                    out.print(report.format());
                    passed = report.passed();
                }
                case "churn" -> {
                    ScenarioReport report = new Churn(o.launcher(), o.dir(), o.files() != null ? o.files() : 4,
                            o.size() != null ? o.size() : 256 << 10, seed, step, READY).run(nodes);
                    out.print(report.format());
                    passed = report.passed();
                }
                case "kill-mid-transfer" -> {
                    ScenarioReport report = new KillMidTransfer(o.launcher(), o.dir(),
                            o.size() != null ? o.size() : 64 << 20, seed, step, READY).run(nodes);
                    out.print(report.format());
                    passed = report.passed();
                }
                default -> throw new IllegalArgumentException("unknown scenario " + name);
            }
        } finally {
            t = System.nanoTime();
            // down stops every recorded node, including those a scenario started; stopped ones say so.
            List<LocalTestnet.Stopped> stopped = LocalTestnet.down(o.dir(), DOWN_WAIT);
            out.printf("down %d nodes: %.2f s (%s)%n", stopped.size(), (System.nanoTime() - t) / 1e9,
                    String.join(", ", stopped.stream().map(LocalTestnet.Stopped::outcome).distinct().toList()));
        }
        return passed ? 0 : 1;
    }

    private static void table(PrintStream out, List<TestnetNode> nodes) {
        out.printf("%-8s %-8s %-54s %-24s %-28s %s%n", "NODE", "PID", "PEER ID", "GATEWAY", "API", "STATE");
        for (TestnetNode n : nodes) {
            out.printf("%-8s %-8d %-54s %-24s %-28s %s%n", n.name(), n.pid(), n.peerId(), n.gateway(), n.api(),
                    LocalTestnet.alive(n) ? "running" : "stopped");
        }
    }
}
