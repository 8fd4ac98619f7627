package io.cairn.gateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every command the API answers, by Kubo's name; and the small ones: {@code id}, {@code version},
 * {@code repo/*}, {@code config}. Commands that need the network answer a clear error until it is wired in.
 */
final class RpcCommands {
    /** Kubo's commands that need a swarm or routing, which this node does not run yet. */
    private static final List<String> NEEDS_NETWORK = List.of("routing/findprovs", "routing/findpeer",
            "routing/provide", "routing/get", "routing/put", "dht/query", "swarm/peers", "swarm/connect",
            "swarm/disconnect", "swarm/addrs", "swarm/addrs/local", "bitswap/stat", "ping", "name/publish",
            "name/resolve", "provide/stat");

    private final RpcBackend backend;

    private RpcCommands(RpcBackend backend) {
        this.backend = backend;
    }

    static Map<String, RpcCommand> all(RpcBackend backend) {
        Map<String, RpcCommand> commands = new HashMap<>();
        RpcCommands small = new RpcCommands(backend);
        commands.put("id", small::id);
        commands.put("version", small::version);
        commands.put("repo/stat", small::repoStat);
        commands.put("repo/gc", small::repoGc);
        commands.put("repo/verify", small::repoVerify);
        commands.put("config", small::config);
        commands.put("config/show", small::configShow);
        commands.put("add", new AddCommand(backend));
        new ContentCommands(backend).register(commands);
        new PinCommands(backend).register(commands);
        new BlockCommands(backend).register(commands);
        for (String name : NEEDS_NETWORK) {
            commands.put(name, (req, res) -> {
                throw new RpcException(name + " is not available yet: this node runs without a network");
            });
        }
        backend.network().ifPresent(net -> new SwarmCommands(net).register(commands));
        return Map.copyOf(commands);
    }

    /** {@code {"ID","PublicKey","Addresses","AgentVersion","Protocols"}}; another peer's ID needs the network. */
    private void id(RpcRequest req, RpcResponse res) throws IOException {
        RpcBackend.Identity self = backend.identity();
        if (!req.args().isEmpty() && !req.args().get(0).equals(self.id())) {
            throw new RpcException("id of another peer is not available yet: this node runs without a network");
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ID", self.id());
        o.put("PublicKey", self.publicKey());
        o.put("Addresses", self.addresses());
        o.put("AgentVersion", self.agentVersion());
        o.put("Protocols", self.protocols());
        res.json(o);
    }

    /** Kubo's VersionInfo; {@code Golang} names the Java runtime instead. */
    private void version(RpcRequest req, RpcResponse res) throws IOException {
        String agent = backend.agentVersion();
        String[] parts = agent.split("/");
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("Version", parts.length > 1 ? parts[1] : agent);
        o.put("Commit", "");
        o.put("Repo", backend.repoStat().version());
        o.put("System", System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase(Locale.ROOT));
        o.put("Golang", "java" + Runtime.version().feature());
        res.json(o);
    }

    private void repoStat(RpcRequest req, RpcResponse res) throws IOException {
        RpcBackend.RepoStat s = backend.repoStat();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("RepoSize", s.repoSize());
        o.put("StorageMax", s.storageMax());
        if (!req.bool(false, "size-only", "s")) {
            o.put("NumObjects", s.numObjects());
            o.put("RepoPath", s.repoPath());
            o.put("Version", s.version());
        }
        res.json(o);
    }

    /** One {@code {"Key":{"/":cid}}} line per deleted block: the raw CIDv1 of its multihash, as Kubo names it. */
    private void repoGc(RpcRequest req, RpcResponse res) throws IOException {
        try (RpcResponse.Ndjson out = res.stream()) {
            IOException[] failed = {null};
            backend.collectGarbage(mh -> {
                if (failed[0] != null) {
                    return;
                }
                try {
                    out.emit(Map.of("Key", Map.of("/", Cid.v1(Multicodec.RAW, mh).toString())));
                } catch (IOException e) {
                    failed[0] = e;   // the client went away; collection itself goes on to a consistent end
                }
            });
            if (failed[0] != null) {
                throw failed[0];
            }
        }
    }

    /** Kubo's VerifyProgress lines: one per corrupt block, then the verdict. */
    private void repoVerify(RpcRequest req, RpcResponse res) throws IOException {
        List<Multihash> corrupt = backend.verifyBlocks();
        try (RpcResponse.Ndjson out = res.stream()) {
            for (Multihash mh : corrupt) {
                out.emit(Map.of("Msg", "block " + Cid.v1(Multicodec.RAW, mh) + " was corrupt", "Progress", 0));
            }
            if (corrupt.isEmpty()) {
                out.emit(Map.of("Msg", "verify complete, all blocks validated.", "Progress", 0));
            } else {
                throw new RpcException("verify complete, some blocks were corrupt");
            }
        }
    }

    /**
     * {@code config KEY} reads, {@code config KEY VALUE} writes (a string, or JSON with {@code json}, or a boolean
     * with {@code bool}); both answer {@code {"Key","Value"}}.
     */
    private void config(RpcRequest req, RpcResponse res) throws IOException {
        String key = req.arg("key");
        if (req.args().size() > 1) {
            String value = req.args().get(1);
            String json;
            if (req.bool(false, "json")) {
                json = value;
            } else if (req.bool(false, "bool")) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw RpcException.client("failed to set config value: '" + value + "' is not a boolean");
                }
                json = value;
            } else {
                json = RpcResponse.JSON.writeValueAsString(value);
            }
            backend.setConfig(key, json);
        }
        Optional<String> value = backend.config(key);
        if (value.isEmpty()) {
            throw new RpcException("failed to get config value: key has no attributes");
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("Key", key);
        o.put("Value", RpcResponse.JSON.readValue(value.get(), JsonNode.class));
        res.json(o);
    }

    private void configShow(RpcRequest req, RpcResponse res) throws IOException {
        res.json(RpcResponse.JSON.readValue(backend.configJson(), JsonNode.class));
    }
}
