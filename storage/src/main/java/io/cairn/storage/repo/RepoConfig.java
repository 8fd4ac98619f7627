package io.cairn.storage.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cairn.core.peer.PeerId;
import io.cairn.storage.repo.ConfigSchema.Field;
import io.cairn.storage.repo.ConfigSchema.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The repository's JSON config, an immutable value: Kubo-like sections (Identity, Addresses, API, Bootstrap,
 * Datastore, Gateway, Routing, Provide, Import) addressed by dotted keys such as {@code Addresses.Gateway}.
 *
 * <p>Reads and writes follow {@code ipfs config}: {@link #get} walks the file's own JSON (so keys written by hand or
 * by a newer Cairn can be read); {@link #with} accepts only keys Cairn knows, or keys inside a free-form map such as
 * {@code Gateway.HTTPHeaders}, checks the value's JSON type, and creates missing or null intermediate objects. Keys
 * are case-sensitive, as in Kubo. {@code Identity} cannot be changed here: it follows the key file, and only
 * {@link Repo#setConfig} may rewrite {@code Identity.PeerID}, to the key's own peer ID.
 *
 * <p>Typed readers ({@link #storageMaxBytes()} and the like) fall back to the default when a key is absent or null.
 */
public final class RepoConfig {
    private final ObjectNode root;

    private RepoConfig(ObjectNode root) {
        this.root = root;
    }

    /** Cairn's defaults for a node with the given identity. */
    public static RepoConfig defaults(PeerId peerId) {
        ObjectNode root = ConfigSchema.defaults();
        ((ObjectNode) root.get(ConfigSchema.IDENTITY)).put(ConfigSchema.PEER_ID, peerId.toString());
        return new RepoConfig(root);
    }

    /**
     * Reads a config file's text: one JSON object whose known keys have their types (unknown keys are kept).
     *
     * @throws ConfigException when it is not JSON, not an object, or a known key has a value of the wrong type
     */
    public static RepoConfig parse(String json) {
        JsonNode node = ConfigJson.parse(json, "config");
        if (!node.isObject()) {
            throw new ConfigException("config is " + ConfigSchema.describe(node) + ", not a JSON object");
        }
        ConfigSchema.validate(ConfigSchema.ROOT, "", node, false);
        return new RepoConfig((ObjectNode) node);
    }

    /**
     * Parses a value given as JSON text, as {@code cairn config --json} does.
     *
     * @throws ConfigException with Kubo's wording, "failed to unmarshal json. ..."
     */
    public static JsonNode parseValue(String json) {
        try {
            return ConfigJson.parse(json, "value");
        } catch (ConfigException e) {
            throw new ConfigException("failed to unmarshal json. " + e.getMessage(), e);
        }
    }

    /** The file's text: Go's indented JSON layout, as Kubo writes its config, with a final newline. */
    public String toJson() {
        return ConfigJson.format(root) + "\n";
    }

    /** The whole config as a JSON tree (a copy). */
    public JsonNode toJsonNode() {
        return root.deepCopy();
    }

    /**
     * The value at {@code key} (a copy).
     *
     * @throws ConfigException "{@code A.B} not found", or "{@code A} key is not a map" when the path crosses a
     *     non-object, as Kubo words them
     */
    public JsonNode get(String key) {
        String[] parts = split(key);
        JsonNode cursor = root;
        for (int i = 0; i < parts.length; i++) {
            if (!cursor.isObject()) {
                throw new ConfigException(join(parts, i) + " key is not a map");
            }
            JsonNode next = cursor.get(parts[i]);
            if (next == null) {
                throw new ConfigException(join(parts, i + 1) + " not found");
            }
            cursor = next;
        }
        return cursor.deepCopy();
    }

    /** The value at {@code key}, or empty when there is none. */
    public Optional<JsonNode> find(String key) {
        try {
            return Optional.of(get(key));
        } catch (ConfigException e) {
            return Optional.empty();        // "not found" and "crosses a non-object" both mean: no value there
        }
    }

    /** The value at {@code key} as {@code ipfs config KEY} prints it: a string bare, anything else as JSON. */
    public String getText(String key) {
        return ConfigJson.human(get(key));
    }

    /**
     * This config with {@code key} set to {@code value}.
     *
     * @throws ConfigException for an unknown key, a value of the wrong type, or a key under {@code Identity}
     */
    public RepoConfig with(String key, JsonNode value) {
        String[] parts = split(key);
        if (parts[0].toLowerCase(Locale.ROOT).equals("identity")) {
            throw new ConfigException("cannot change " + key + ": the identity follows the key file identity.key");
        }
        return set(parts, value);
    }

    /** Sets Identity.PeerID; the caller has checked it against the key. */
    RepoConfig withPeerId(PeerId peerId) {
        return set(new String[] {ConfigSchema.IDENTITY, ConfigSchema.PEER_ID}, TextNode.valueOf(peerId.toString()));
    }

    private RepoConfig set(String[] parts, JsonNode value) {
        checkKey(parts, value);
        ObjectNode copy = root.deepCopy();
        ObjectNode cursor = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = cursor.get(parts[i]);
            if (next == null || next.isNull()) {
                next = cursor.putObject(parts[i]);
            } else if (!next.isObject()) {
                throw new ConfigException(join(parts, i + 1) + " key is not a map");
            }
            cursor = (ObjectNode) next;
        }
        cursor.set(parts[parts.length - 1], value.deepCopy());
        return new RepoConfig(copy);
    }

    /** Kubo's {@code CheckKey} plus its type check, against {@link ConfigSchema}. */
    private static void checkKey(String[] parts, JsonNode value) {
        Field f = ConfigSchema.ROOT;
        for (int i = 0; i < parts.length; i++) {
            if (f.kind() == Kind.MAP) {
                return;                     // free-form: any key below, any value
            }
            if (f.kind() != Kind.SECTION) {
                throw new ConfigException(join(parts, i) + " key is not a map");
            }
            Field c = f.child(parts[i]);
            if (c == null) {
                throw new ConfigException(join(parts, i + 1) + " not found");
            }
            f = c;
        }
        ConfigSchema.validate(f, String.join(".", parts), value, true);
    }

    private static String[] split(String key) {
        if (key == null || key.isEmpty()) {
            throw new ConfigException("config key is empty");
        }
        String[] parts = key.split("\\.", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new ConfigException("config key '" + key + "' has an empty part");
            }
        }
        return parts;
    }

    private static String join(String[] parts, int n) {
        return String.join(".", java.util.Arrays.copyOf(parts, n));
    }

    /** The value at {@code key} if present and not null, else Cairn's default. */
    private JsonNode valueOrDefault(String key) {
        Optional<JsonNode> v = find(key);
        if (v.isPresent() && !v.get().isNull()) {
            return v.get();
        }
        JsonNode d = ConfigSchema.defaults();
        for (String p : split(key)) {
            d = d.path(p);
        }
        return d;
    }

    /** {@code Identity.PeerID}. */
    public PeerId peerId() {
        return PeerId.parse(valueOrDefault("Identity.PeerID").asText());
    }

    /** {@code Datastore.StorageMax} in bytes. */
    public long storageMaxBytes() {
        return ByteSize.parse(valueOrDefault("Datastore.StorageMax").asText(), "Datastore.StorageMax");
    }

    /** {@code Datastore.StorageGCWatermark}, a percentage of StorageMax past which GC runs. */
    public int storageGcWatermark() {
        return valueOrDefault("Datastore.StorageGCWatermark").asInt();
    }

    /** {@code Datastore.HashOnRead}: re-hash every block read from the store. */
    public boolean hashOnRead() {
        return valueOrDefault("Datastore.HashOnRead").asBoolean();
    }

    /** {@code Routing.Type}: auto, dht, dhtclient, dhtserver or none (Kubo's words; default dht). */
    public String routingType() {
        return valueOrDefault("Routing.Type").asText();
    }

    /** {@code Routing.DHTProtocol}: the DHT's protocol ID (default {@code /ipfs/kad/1.0.0}). */
    public String dhtProtocol() {
        return valueOrDefault("Routing.DHTProtocol").asText();
    }

    /** {@code Routing.LoopbackNetwork}: a network of nodes on one machine (default false). */
    public boolean loopbackNetwork() {
        return valueOrDefault("Routing.LoopbackNetwork").asBoolean();
    }

    /** {@code Provide.Strategy}: all, pinned or roots (Kubo's default: all). */
    public String provideStrategy() {
        JsonNode v = valueOrDefault("Provide.Strategy");
        return v.isNull() || v.asText().isEmpty() ? "all" : v.asText();
    }

    /** The {@code Import} section: {@code add}'s defaults under its flags (null components: Kubo's defaults). */
    public ImportConfig importConfig() {
        JsonNode hamtThreshold = set("Import.UnixFSHAMTDirectorySizeThreshold");
        return new ImportConfig(
                intOrNull("Import.CidVersion"),
                set("Import.UnixFSRawLeaves") == null ? null : set("Import.UnixFSRawLeaves").asBoolean(),
                textOrNull("Import.UnixFSChunker"),
                textOrNull("Import.HashFunction"),
                intOrNull("Import.UnixFSFileMaxLinks"),
                intOrNull("Import.UnixFSDirectoryMaxLinks"),
                intOrNull("Import.UnixFSHAMTDirectoryMaxFanout"),
                hamtThreshold == null ? null : hamtThreshold.isNumber() ? hamtThreshold.asLong()
                        : ByteSize.parse(hamtThreshold.asText(), "Import.UnixFSHAMTDirectorySizeThreshold"),
                textOrNull("Import.UnixFSHAMTDirectorySizeEstimation"),
                textOrNull("Import.UnixFSDAGLayout"));
    }

    /** The value at {@code key} when present and not null, else null. */
    private JsonNode set(String key) {
        return find(key).filter(v -> !v.isNull()).orElse(null);
    }

    private Integer intOrNull(String key) {
        JsonNode v = set(key);
        return v == null ? null : v.asInt();
    }

    private String textOrNull(String key) {
        JsonNode v = set(key);
        return v == null ? null : v.asText();
    }

    /** {@code Bootstrap}: the peers to dial at start (empty by default). */
    public List<String> bootstrap() {
        return strings("Bootstrap");
    }

    /** {@code Addresses.Swarm}: where the node listens for peers. */
    public List<String> swarmAddresses() {
        return strings("Addresses.Swarm");
    }

    /** {@code Addresses.API}: where the RPC API listens. */
    public List<String> apiAddresses() {
        return strings("Addresses.API");
    }

    /** {@code Addresses.Gateway}: where the HTTP gateway listens. */
    public List<String> gatewayAddresses() {
        return strings("Addresses.Gateway");
    }

    private List<String> strings(String key) {
        JsonNode v = valueOrDefault(key);
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.textValue());
        } else {
            v.forEach(e -> out.add(e.asText()));
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepoConfig && root.equals(((RepoConfig) o).root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
