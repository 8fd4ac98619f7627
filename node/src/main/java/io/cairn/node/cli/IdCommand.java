package io.cairn.node.cli;

import io.cairn.storage.repo.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn id}: this node's identity as Kubo's {@code ipfs id} prints it: a JSON object with ID, PublicKey
 * (base64 of libp2p's PublicKey protobuf), Addresses, AgentVersion and Protocols, indented with tabs as Go's
 * {@code json.MarshalIndent} does. Without a running node, Addresses and Protocols are {@code null}, as in Kubo
 * offline. {@code -f} formats with Kubo's placeholders.
 */
@Command(name = "id", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show this node's identity (Kubo's `ipfs id`).")
final class IdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "Print with this format: <id> <aver> <pver> <pubkey> <addrs> <protocols>; \\n and \\t "
                    + "are newline and tab.")
    String format;

    /** What identify would say about this node; addresses and protocols only when it runs. */
    record Identity(String id, String publicKey, List<String> addresses, String agentVersion,
            List<String> protocols) {
    }

    @Override
    public Integer call() throws IOException {
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.id(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        Identity self;
        try (Repo repo = repoOption.openForReading(io.err())) {
            self = new Identity(repo.peerId().toString(),
                    Base64.getEncoder().encodeToString(repo.identity().publicKey().toProtobuf()), null,
                    agentVersion(), null);
        }
        PrintWriter out = io.out();
        out.print(format != null ? formatted(self, format) : json(self));
        out.flush();
        return CairnMain.EXIT_OK;
    }

    static String agentVersion() {
        String v = CairnMain.class.getPackage().getImplementationVersion();
        return "cairn/" + (v != null ? v : "0.1.0-dev") + "/";
    }

    static String json(Identity id) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("\t\"ID\": ").append(quote(id.id())).append(",\n");
        b.append("\t\"PublicKey\": ").append(quote(id.publicKey())).append(",\n");
        b.append("\t\"Addresses\": ").append(array(id.addresses())).append(",\n");
        b.append("\t\"AgentVersion\": ").append(quote(id.agentVersion())).append(",\n");
        b.append("\t\"Protocols\": ").append(array(id.protocols())).append("\n}\n");
        return b.toString();
    }

    static String formatted(Identity id, String format) {
        String f = format.replace("\\n", "\n").replace("\\t", "\t");
        return f.replace("<id>", id.id())
                .replace("<aver>", id.agentVersion())
                .replace("<pver>", "ipfs/0.1.0")
                .replace("<pubkey>", id.publicKey())
                .replace("<addrs>", id.addresses() == null ? "" : String.join("\n", id.addresses()))
                .replace("<protocols>", id.protocols() == null ? "" : String.join("\n", id.protocols()));
    }

    private static String array(List<String> items) {
        if (items == null) {
            return "null";
        }
        if (items.isEmpty()) {
            return "[]";
        }
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < items.size(); i++) {
            b.append("\t\t").append(quote(items.get(i))).append(i + 1 < items.size() ? ",\n" : "\n");
        }
        return b.append("\t]").toString();
    }

    /** A JSON string as Go's encoder writes it (it also escapes <, > and & for HTML safety). */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
