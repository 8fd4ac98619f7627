package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.rpc.RpcClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn swarm peers|connect}: the running daemon's connections (Kubo's {@code ipfs swarm}). */
@Command(name = "swarm", mixinStandardHelpOptions = true,
        description = "Interact with the swarm of a running daemon (Kubo's `ipfs swarm`).",
        subcommands = {SwarmCommand.Peers.class, SwarmCommand.Connect.class})
final class SwarmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: peers or connect");
    }

    /** The daemon's API, or the error Kubo gives offline. */
    static RpcClient online(RepoOption repo) {
        return DaemonApi.find(repo).orElseThrow(() -> new UserException(
                "this action must be run in online mode, try running 'cairn daemon' first"));
    }

    /** Runs a remote call, turning the daemon's error into the command's one-line error. */
    interface Remote {
        void run(RpcClient api) throws IOException;
    }

    static int remote(RepoOption repo, Remote call) throws IOException {
        RpcClient api = online(repo);
        try {
            call.run(api);
        } catch (RpcClient.RpcCallException e) {
            throw new UserException(e.getMessage());
        }
        return CairnMain.EXIT_OK;
    }

    @Command(name = "peers", mixinStandardHelpOptions = true,
            description = "List peers with open connections: ADDR/p2p/PEERID per line.")
    static final class Peers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = CairnCommand.invocation(spec).out();
            return remote(repoOption, api -> {
                JsonNode peers = api.json("swarm/peers", List.of(), Map.of()).path("Peers");
                for (JsonNode p : peers) {
                    out.println(p.path("Addr").asText() + "/p2p/" + p.path("Peer").asText());
                }
                out.flush();
            });
        }
    }

    @Command(name = "connect", mixinStandardHelpOptions = true,
            description = "Open a connection to the given address (…/p2p/PEERID).")
    static final class Connect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Parameters(arity = "1..*", paramLabel = "ADDRESS", description = "Address of a peer to connect to.")
        List<String> addresses;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = CairnCommand.invocation(spec).out();
            return remote(repoOption, api -> {
                JsonNode strings = api.json("swarm/connect", addresses, Map.of()).path("Strings");
                for (JsonNode s : strings) {
                    out.println(s.asText());
                }
                out.flush();
            });
        }
    }
}
