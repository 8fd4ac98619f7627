package io.cairn.testnet.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The simulator's command line ({@code testnet/run simulate}): runs every requested size in turn, prints the report
 * table, and writes it with the PNG plots to the output folder. Exit status 0 when it ran, 2 for bad options, 1 when
 * a run was cut short by its bounds.
 */
public final class SimulatorMain {
    static final String USAGE = String.join("\n",
            "usage: simulate [options]",
            "  --nodes N[,N...]     network sizes, repeatable (default 100,1000,10000)",
            "  --seed S             random seed (default 1); a seed always gives the same figures",
            "  --churn F            fraction of nodes replaced per hour in the churn scenario (default 0.2)",
            "  --adversarial F      fraction of adversarial nodes in the adversarial scenario (default 0.1)",
            "  --adversary MODE     lie | empty | silent | mixed (default mixed)",
            "  --days D             simulated days of the record-survival scenario (default 3)",
            "  --day-churn F        fraction of nodes replaced per day in the survival scenario (default 0.5)",
            "  --lookups N          find-provider lookups per scenario (default 1000)",
            "  --cids N             CIDs provided per strategy before the lookups (default 500)",
            "  --providers N        nodes the CIDs are dealt to (default 1% of the nodes, 2 to 20); 1 = one node",
            "                       provides them all, as the issue's sweep target counts",
            "  --strategies LIST    provide strategies: one-lookup,sweep (default both; sweep alone skips the",
            "                       one-lookup run, whose cost is one lookup per CID by construction)",
            "  --timeout-ms MS      request timeout (default 10000, as Cairn's DHT)",
            "  --refresh-min M      routing-table liveness probe interval in minutes, 0 = off (default 0)",
            "  --scenarios LIST     baseline,churn,adversarial,survival (default all)",
            "  --max-events N       event bound per scenario (default 200000000)",
            "  --out DIR            where report.txt and the PNG plots go (default sim-report)");

    private SimulatorMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("java.awt.headless", "true");
        List<Integer> sizes = new ArrayList<>();
        SimConfig.Builder b = SimConfig.builder();
        Path dir = Path.of("sim-report");
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--nodes" -> {
                        for (String s : v.split(",")) {
                            sizes.add(Integer.parseInt(s.trim()));
                        }
                    }
                    case "--seed" -> b.seed(Long.parseLong(v));
                    case "--churn" -> b.churnPerHour(Double.parseDouble(v));
                    case "--adversarial" -> b.adversarialFraction(Double.parseDouble(v));
                    case "--adversary" -> b.adversary(Adversary.valueOf(v.toUpperCase(Locale.ROOT)));
                    case "--days" -> b.days(Double.parseDouble(v));
                    case "--day-churn" -> b.survivalChurnPerDay(Double.parseDouble(v));
                    case "--lookups" -> b.lookups(Integer.parseInt(v));
                    case "--cids" -> b.providedCids(Integer.parseInt(v));
                    case "--providers" -> b.providers(Integer.parseInt(v));
                    case "--strategies" -> {
                        List<ProvideStrategy> list = new ArrayList<>();
                        for (String s : v.split(",")) {
                            list.add(switch (s.trim()) {
                                case "one-lookup" -> new OneLookupPerCid();
                                case ReportTable.SWEEP -> new SweepProvideStrategy();
                                default -> throw new IllegalArgumentException("unknown strategy " + s);
                            });
                        }
                        b.provideStrategies(list);
                    }
                    case "--timeout-ms" -> b.requestTimeoutMillis(Long.parseLong(v));
                    case "--refresh-min" -> b.refreshIntervalMillis((long) (Double.parseDouble(v) * 60_000));
                    case "--max-events" -> b.maxEventsPerScenario(Long.parseLong(v));
                    case "--out" -> dir = Path.of(v);
                    case "--scenarios" -> {
                        EnumSet<Scenario> set = EnumSet.noneOf(Scenario.class);
                        for (String s : v.split(",")) {
                            set.add(Scenario.valueOf(s.trim().toUpperCase(Locale.ROOT)));
                        }
                        b.scenarios(set);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (sizes.isEmpty()) {
                sizes.addAll(List.of(100, 1000, 10_000));
            }
            for (int n : sizes) {
                b.nodes(n);
            }
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        List<SimReport> reports = new ArrayList<>();
        SimConfig last = null;
        boolean truncated = false;
        for (int n : sizes) {
            SimConfig c = b.nodes(n).build();
            last = c;
            err.printf(Locale.ROOT, "simulating %,d nodes...%n", n);
            SimReport r = Simulator.run(c);
            err.printf(Locale.ROOT, "  %,d nodes done in %.1f s%n", n, r.wallMillis() / 1000.0);
            reports.add(r);
            truncated |= r.scenarios().stream().anyMatch(ScenarioResult::truncated)
                    || (r.survival() != null && r.survival().truncated());
        }
        String table = ReportTable.format(reports, last);
        out.print(table);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.txt"), table, StandardCharsets.UTF_8);
            for (Path p : Plots.write(reports, dir)) {
                out.println("wrote " + p);
            }
            out.println("wrote " + dir.resolve("report.txt"));
        } catch (IOException e) {
            err.println("simulate: cannot write to " + dir + ": " + e.getMessage());
            return 1;
        }
        return truncated ? 1 : 0;
    }
}
