package io.cairn.storage.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The keys Cairn's config knows, their JSON types and their defaults: Cairn's counterpart of Kubo's {@code Config}
 * struct, used as Kubo uses it on {@code ipfs config KEY VALUE} ({@code config.CheckKey}, then decoding into the
 * struct): a key must name a known field, or lie inside a free-form map ({@link Kind#MAP}) or below a field whose
 * value is null; a value must have the field's type.
 *
 * <p>Defaults follow Kubo's {@code config/init.go} for a real node, with two deliberate differences:
 * {@code Bootstrap} is empty (a fresh Cairn node dials no public peer until told to) and {@code Swarm} lists only
 * TCP, the one transport Cairn has. A nullable field set to null means "the implementation's default", as Kubo's
 * {@code Optional*} and {@code Flag} types do.
 */
final class ConfigSchema {
    enum Kind {
        /** An object with fixed, known fields. */
        SECTION("an object"),
        /** An object with arbitrary keys and values (for example HTTP headers). */
        MAP("an object"),
        STRING("a string"),
        INTEGER("an integer"),
        BOOLEAN("a boolean"),
        STRING_LIST("an array of strings"),
        /** Kubo's {@code Strings}: one string or an array of them. */
        STRINGS("a string or an array of strings"),
        /** Kubo's {@code OptionalBytes}: a size as a number of bytes or as text like "256KiB". */
        SIZE("a size (bytes, or text like \"256KiB\")");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** One field: its kind, whether null is allowed, its default (null when none), and a section's fields. */
    record Field(String name, Kind kind, boolean nullable, JsonNode defaultValue, Map<String, Field> fields,
                 Consumer<JsonNode> check) {
        Field child(String n) {
            return fields == null ? null : fields.get(n);
        }
    }

    static final String IDENTITY = "Identity";
    static final String PEER_ID = "PeerID";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static final Field ROOT = section("",
            section(IDENTITY,
                    field(PEER_ID, Kind.STRING, false, F.textNode(""))),
            section("Addresses",
                    field("API", Kind.STRINGS, true, F.textNode("/ip4/127.0.0.1/tcp/5001")),
                    field("Gateway", Kind.STRINGS, true, F.textNode("/ip4/127.0.0.1/tcp/8080")),
                    field("Swarm", Kind.STRING_LIST, true, strings("/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4001")),
                    field("Announce", Kind.STRING_LIST, true, strings()),
                    field("AppendAnnounce", Kind.STRING_LIST, true, strings()),
                    field("NoAnnounce", Kind.STRING_LIST, true, strings())),
            section("API",
                    field("HTTPHeaders", Kind.MAP, true, F.objectNode())),
            field("Bootstrap", Kind.STRING_LIST, true, strings()),
            section("Datastore",
                    checked(field("StorageMax", Kind.STRING, false, F.textNode("10GB")),
                            v -> ByteSize.parse(v.textValue(), "Datastore.StorageMax")),
                    checked(field("StorageGCWatermark", Kind.INTEGER, false, F.numberNode(90)),
                            v -> percent(v, "Datastore.StorageGCWatermark")),
                    field("GCPeriod", Kind.STRING, false, F.textNode("1h")),
                    field("HashOnRead", Kind.BOOLEAN, false, F.booleanNode(false)),
                    field("BloomFilterSize", Kind.INTEGER, false, F.numberNode(0))),
            section("Gateway",
                    field("HTTPHeaders", Kind.MAP, true, F.objectNode()),
                    field("RootRedirect", Kind.STRING, false, F.textNode("")),
                    field("NoFetch", Kind.BOOLEAN, false, F.booleanNode(false)),
                    field("NoDNSLink", Kind.BOOLEAN, false, F.booleanNode(false)),
                    field("DeserializedResponses", Kind.BOOLEAN, true, F.nullNode()),
                    field("PublicGateways", Kind.MAP, true, F.nullNode())),
            section("Routing",
                    field("Type", Kind.STRING, true, F.textNode("dht")),
                    // Cairn's: the DHT's protocol ID (a private network or the testnet picks its own), and whether
                    // the node is part of a network on one machine (keeps loopback addresses, no diversity filter).
                    field("DHTProtocol", Kind.STRING, true, F.textNode("/ipfs/kad/1.0.0")),
                    field("LoopbackNetwork", Kind.BOOLEAN, true, F.booleanNode(false))),
            section("Provide",
                    field("Enabled", Kind.BOOLEAN, true, F.nullNode()),
                    field("Strategy", Kind.STRING, true, F.nullNode()),
                    section("DHT",
                            field("Interval", Kind.STRING, true, F.nullNode()),
                            field("MaxWorkers", Kind.INTEGER, true, F.nullNode()),
                            field("SweepEnabled", Kind.BOOLEAN, true, F.nullNode()))),
            section("Import",
                    field("CidVersion", Kind.INTEGER, true, F.nullNode()),
                    field("UnixFSRawLeaves", Kind.BOOLEAN, true, F.nullNode()),
                    field("UnixFSChunker", Kind.STRING, true, F.nullNode()),
                    field("HashFunction", Kind.STRING, true, F.nullNode()),
                    field("UnixFSFileMaxLinks", Kind.INTEGER, true, F.nullNode()),
                    field("UnixFSDirectoryMaxLinks", Kind.INTEGER, true, F.nullNode()),
                    field("UnixFSHAMTDirectoryMaxFanout", Kind.INTEGER, true, F.nullNode()),
                    field("UnixFSHAMTDirectorySizeThreshold", Kind.SIZE, true, F.nullNode()),
                    field("UnixFSHAMTDirectorySizeEstimation", Kind.STRING, true, F.nullNode()),
                    field("UnixFSDAGLayout", Kind.STRING, true, F.nullNode())));

    private ConfigSchema() {}

    /** A fresh default config (Identity.PeerID empty: the repository fills it in). */
    static ObjectNode defaults() {
        return (ObjectNode) defaultOf(ROOT);
    }

    private static JsonNode defaultOf(Field f) {
        if (f.kind() == Kind.SECTION) {
            ObjectNode o = F.objectNode();
            f.fields().values().forEach(c -> o.set(c.name(), defaultOf(c)));
            return o;
        }
        return f.defaultValue().deepCopy();
    }

    /**
     * Checks {@code value} against {@code f} and, inside sections, each field it has; {@code path} names it. With
     * {@code strict}, a key the schema does not know is an error (a value being set); without, it is left alone (a
     * file written by a newer Cairn or by hand, read as Kubo's JSON decoding ignores unknown fields).
     */
    static void validate(Field f, String path, JsonNode value, boolean strict) {
        if (value.isNull()) {
            if (!f.nullable()) {
                throw new ConfigException(path + " cannot be null");
            }
            return;
        }
        boolean ok = switch (f.kind()) {
            case SECTION, MAP -> value.isObject();
            case STRING -> value.isTextual();
            case INTEGER -> value.isIntegralNumber() && value.canConvertToLong();
            case BOOLEAN -> value.isBoolean();
            case STRING_LIST -> isStringArray(value);
            case STRINGS -> value.isTextual() || isStringArray(value);
            case SIZE -> value.isTextual() || value.isIntegralNumber() && value.canConvertToLong()
                    && value.longValue() >= 0;
        };
        if (!ok) {
            throw new ConfigException(path + " takes " + f.kind().description + ", not " + describe(value));
        }
        if (f.kind() == Kind.SIZE && value.isTextual()) {
            ByteSize.parse(value.textValue(), path);
        }
        if (f.check() != null) {
            f.check().accept(value);
        }
        if (f.kind() == Kind.SECTION) {
            value.properties().forEach(e -> {
                Field c = f.child(e.getKey());
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (c == null) {
                    if (strict) {
                        throw new ConfigException(p + " not found");
                    }
                    return;
                }
                validate(c, p, e.getValue(), strict);
            });
        }
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return "null";
    }

    private static boolean isStringArray(JsonNode v) {
        if (!v.isArray()) {
            return false;
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static void percent(JsonNode v, String path) {
        long p = v.longValue();
        if (p < 0 || p > 100) {
            throw new ConfigException(path + " is a percentage (0 to 100), not " + p);
        }
    }

    private static JsonNode strings(String... values) {
        var a = F.arrayNode();
        for (String s : values) {
            a.add(s);
        }
        return a;
    }

    private static Field field(String name, Kind kind, boolean nullable, JsonNode def) {
        return new Field(name, kind, nullable, def, null, null);
    }

    private static Field checked(Field f, Consumer<JsonNode> check) {
        return new Field(f.name(), f.kind(), f.nullable(), f.defaultValue(), f.fields(), check);
    }

    private static Field section(String name, Field... fields) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (Field f : fields) {
            m.put(f.name(), f);
        }
        return new Field(name, Kind.SECTION, false, null, Collections.unmodifiableMap(m), null);
    }
}
