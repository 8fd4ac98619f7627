package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn provide stat}: what the running daemon's provider has done (Kubo's {@code ipfs provide stat}). */
@Command(name = "provide", mixinStandardHelpOptions = true,
        description = "Inspect the providing of content to the DHT by a running daemon (Kubo's `ipfs provide`).",
        subcommands = {ProvideCommand.Stat.class})
final class ProvideCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: stat");
    }

    @Command(name = "stat", mixinStandardHelpOptions = true,
            description = "Show the provider's queue, keys, regions, last cycle and costs, one `Name: value` a line.")
    static final class Stat implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = CairnCommand.invocation(spec).out();
            return SwarmCommand.remote(repoOption, api -> {
                JsonNode s = api.json("provide/stat", List.of(), Map.of());
                print(out, s);
                out.flush();
            });
        }
    }

    /** Kubo's layout: names padded to one column; durations in Go's style; the last cycle as its span and keys. */
    static void print(PrintWriter out, JsonNode s) {
        long lastStart = s.path("LastCycleStart").asLong();
        long lastEnd = s.path("LastCycleEnd").asLong();
        String lastCycle = lastEnd == 0 ? "none yet"
                : Instant.ofEpochMilli(lastStart) + " to " + Instant.ofEpochMilli(lastEnd) + ", "
                        + s.path("LastReprovideBatchSize").asLong() + " keys";
        String[][] rows = {
            {"TotalProvides", s.path("TotalProvides").asText()},
            {"LastReprovideDuration", goDuration(Duration.ofNanos(s.path("LastReprovideDuration").asLong()))},
            {"LastReprovideBatchSize", s.path("LastReprovideBatchSize").asText()},
            {"QueueLength", s.path("QueueLength").asText()},
            {"Keys", s.path("Keys").asText()},
            {"Regions", s.path("Regions").asText()},
            {"LastCycle", lastCycle},
            {"CurrentCycleKeys", s.path("CurrentCycleKeys").asText()},
            {"KeysPerSecond", String.format(Locale.ROOT, "%.3f", s.path("KeysPerSecond").asDouble())},
            {"SweepsInFlight", s.path("SweepsInFlight").asText()},
            {"Sweeps", s.path("Sweeps").asText()},
            {"FailedSweeps", s.path("FailedSweeps").asText()},
            {"Lookups", s.path("Lookups").asText()},
            {"LookupRequests", s.path("LookupRequests").asText()},
            {"AddProviderMessages", s.path("AddProviderMessages").asText()},
            {"ProvideStreams", s.path("ProvideStreams").asText()},
            {"FailedProvideStreams", s.path("FailedProvideStreams").asText()},
        };
        for (String[] r : rows) {
            out.printf("%-24s%s%n", r[0] + ":", r[1]);
        }
    }

    /** A duration as Go prints one ({@code 1h2m3.5s}, {@code 0s}), to the millisecond. */
    static String goDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long sec = ms / 1000 % 60;
        long milli = ms % 1000;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            b.append(m).append('m');
        }
        b.append(sec);
        if (milli > 0) {
            b.append(String.format(Locale.ROOT, ".%03d", milli).replaceAll("0+$", ""));
        }
        return b.append('s').toString();
    }
}
