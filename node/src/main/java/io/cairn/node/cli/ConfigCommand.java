package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cairn.storage.repo.ConfigException;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.repo.RepoConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cairn config KEY [VALUE]}: Kubo's {@code ipfs config}. With KEY alone it prints the value (a string bare,
 * anything else as indented JSON); with VALUE it stores it, as a string, or parsed as JSON with {@code --json}, or
 * as a boolean with {@code --bool}, and prints nothing. Keys are dotted paths, case-sensitive:
 * {@code cairn config Addresses.Gateway}. Errors carry Kubo's prefixes ("failed to get config value: ...",
 * "failed to set config value: ... (maybe use --json?)"). While a daemon runs, a value is set through its RPC API.
 */
@Command(name = "config", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Get or set a config value (Kubo's `ipfs config`).",
                "  cairn config Addresses.Gateway",
                "  cairn config Addresses.Gateway /ip4/127.0.0.1/tcp/8081",
                "  cairn config --json Bootstrap '[]'"},
        subcommands = ConfigCommand.Show.class)
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repo;

    @Parameters(arity = "0..2", paramLabel = "KEY [VALUE]", description = "The key (e.g. Addresses.API) and a value.")
    List<String> args = new ArrayList<>();

    @Option(names = "--json", description = "Parse VALUE as JSON.")
    boolean json;

    @Option(names = "--bool", description = "Set a boolean VALUE (true or false).")
    boolean bool;

    @Override
    public Integer call() throws Exception {
        if (args.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'KEY'");
        }
        if (json && bool) {
            throw new ParameterException(spec.commandLine(), "--json and --bool cannot be used together");
        }
        String key = args.get(0);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (args.size() == 1) {
            try (Repo r = repo.openForReading(err)) {
                String text;
                try {
                    text = r.config().getText(key);
                } catch (ConfigException e) {
                    throw new ConfigException("failed to get config value: " + e.getMessage(), e);
                }
                out.println(text);
                out.flush();
            }
            return CairnMain.EXIT_OK;
        }
        JsonNode value = parseValue(args.get(1));
        var api = DaemonApi.find(repo);
        if (api.isPresent()) {
            // The daemon holds the repository: it writes the file (changes take effect at its next start, as Kubo's).
            try {
                api.get().json("config", List.of(key, args.get(1)), json ? Map.of("json", "true")
                        : bool ? Map.of("bool", "true") : Map.of());
            } catch (io.cairn.node.rpc.RpcClient.RpcCallException e) {
                throw new UserException(e.getMessage());
            }
            return CairnMain.EXIT_OK;
        }
        try (Repo r = repo.openForWriting(err)) {
            try {
                r.setConfig(key, value);
            } catch (ConfigException e) {
                throw new ConfigException("failed to set config value: " + e.getMessage()
                        + (json || bool ? "" : " (maybe use --json?)"), e);
            }
        }
        return CairnMain.EXIT_OK;
    }

    private JsonNode parseValue(String text) {
        if (json) {
            return RepoConfig.parseValue(text);
        }
        if (bool) {
            // Kubo takes anything but "true" as false; a typo should not silently turn a setting off.
            if (text.equals("true") || text.equals("false")) {
                return BooleanNode.valueOf(text.equals("true"));
            }
            throw new UserException("--bool takes true or false, not '" + text + "'");
        }
        return TextNode.valueOf(text);
    }

    /** {@code cairn config show}: the whole config as JSON, as {@code ipfs config show} prints it. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the whole config as JSON.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        ConfigCommand parent;

        @Mixin
        RepoOption repo;

        @Override
        public Integer call() throws Exception {
            RepoOption which = repo.repoDir != null ? repo : parent.repo;
            try (Repo r = which.openForReading(spec.commandLine().getErr())) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(r.config().toJson());
                out.flush();
            }
            return CairnMain.EXIT_OK;
        }
    }
}
