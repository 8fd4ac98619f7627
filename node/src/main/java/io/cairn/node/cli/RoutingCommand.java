package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn routing findprovs|provide|findpeer} through the running daemon's DHT (Kubo's {@code ipfs routing}). */
@Command(name = "routing", mixinStandardHelpOptions = true,
        description = "Find and announce content and peers in the DHT of a running daemon (Kubo's `ipfs routing`).",
        subcommands = {RoutingCommand.FindProviders.class, RoutingCommand.Provide.class, RoutingCommand.FindPeer.class})
final class RoutingCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: findprovs, provide or findpeer");
    }

    @Command(name = "findprovs", mixinStandardHelpOptions = true,
            description = "Find peers that can provide a CID: one peer ID per line.")
    static final class FindProviders implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Parameters(index = "0", paramLabel = "CID")
        String cid;

        @Option(names = {"-n", "--num-providers"}, defaultValue = "20",
                description = "The number of providers to find (default ${DEFAULT-VALUE}).")
        int count;

        @Override
        public Integer call() throws IOException {
            if (count < 1) {
                throw new UserException("number of providers must be greater than 0");
            }
            PrintWriter out = CairnCommand.invocation(spec).out();
            return SwarmCommand.remote(repoOption, api -> {
                Iterator<JsonNode> events = api.ndjson("routing/findprovs", List.of(cid),
                        Map.of("num-providers", Integer.toString(count)), null);
                while (events.hasNext()) {
                    for (JsonNode r : events.next().path("Responses")) {
                        out.println(r.path("ID").asText());
                    }
                }
                out.flush();
            });
        }
    }

    @Command(name = "provide", mixinStandardHelpOptions = true,
            description = "Announce to the network that this node provides the given CIDs.")
    static final class Provide implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Parameters(arity = "1..*", paramLabel = "CID")
        List<String> cids;

        @Override
        public Integer call() throws IOException {
            return SwarmCommand.remote(repoOption, api -> {
                Iterator<JsonNode> events = api.ndjson("routing/provide", cids, Map.of(), null);
                while (events.hasNext()) {
                    events.next();
                }
            });
        }
    }

    @Command(name = "findpeer", mixinStandardHelpOptions = true,
            description = "Find the addresses of a peer: one multiaddr per line.")
    static final class FindPeer implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Parameters(index = "0", paramLabel = "PEERID")
        String peer;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = CairnCommand.invocation(spec).out();
            return SwarmCommand.remote(repoOption, api -> {
                Iterator<JsonNode> events = api.ndjson("routing/findpeer", List.of(peer), Map.of(), null);
                while (events.hasNext()) {
                    for (JsonNode r : events.next().path("Responses")) {
                        for (JsonNode a : r.path("Addrs")) {
                            out.println(a.asText());
                        }
                    }
                }
                out.flush();
            });
        }
    }
}
