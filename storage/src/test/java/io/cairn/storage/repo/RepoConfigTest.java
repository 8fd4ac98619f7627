package io.cairn.storage.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The config value: Kubo's defaults and {@code ipfs config} rules (kubo commit 867cdc5: {@code config/init.go},
 * {@code repo/common/common.go} MapGetKV/MapSetKV, {@code config.CheckKey}), Go's indented JSON layout, and
 * go-humanize's size parsing.
 */
class RepoConfigTest {
    private static final PeerId PEER = Ed25519KeyPair.fromSeed(HexFormat.of().parseHex(
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")).peerId();

    private final RepoConfig defaults = RepoConfig.defaults(PEER);

    @Test
    void defaultsAreKubosForARealNodeWithNoBootstrapPeers() {
        // Values from Kubo's config/init.go (addressesConfig, DefaultDatastoreConfig, InitWithIdentity).
        assertEquals("/ip4/127.0.0.1/tcp/5001", defaults.getText("Addresses.API"));
        assertEquals("/ip4/127.0.0.1/tcp/8080", defaults.getText("Addresses.Gateway"));
        assertEquals(List.of("/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4001"), defaults.swarmAddresses());
        assertEquals("10GB", defaults.getText("Datastore.StorageMax"));
        assertEquals(10_000_000_000L, defaults.storageMaxBytes());
        assertEquals(90, defaults.storageGcWatermark());
        assertFalse(defaults.hashOnRead());
        assertEquals(IntNode.valueOf(0), defaults.get("Datastore.BloomFilterSize"));
        assertEquals("{}", defaults.getText("Gateway.HTTPHeaders"));
        assertEquals("dht", defaults.getText("Routing.Type"));
        assertEquals(NullNode.getInstance(), defaults.get("Import.CidVersion"));
        assertEquals("null", defaults.getText("Import.UnixFSChunker"));
        // Cairn's own choice: no public peers until the user adds some.
        assertEquals(List.of(), defaults.bootstrap());
        assertEquals("[]", defaults.getText("Bootstrap"));
        assertEquals(PEER, defaults.peerId());
        assertEquals(PEER.toString(), defaults.getText("Identity.PeerID"));
        for (String section : List.of("Identity", "Addresses", "API", "Bootstrap", "Datastore", "Gateway", "Routing",
                "Provide", "Import")) {
            assertTrue(defaults.find(section).isPresent(), section);
        }
    }

    @Test
    void fileTextRoundTrips() {
        String text = defaults.toJson();
        assertTrue(text.endsWith("}\n"));
        assertTrue(text.contains("\n  \"Identity\": {\n    \"PeerID\": \"" + PEER + "\"\n  },\n"), text);
        assertEquals(defaults, RepoConfig.parse(text));
        assertEquals(text, RepoConfig.parse(text).toJson());
    }

    @Test
    void layoutIsGoMarshalIndent() throws IOException {
        // go-marshalindent.json is the output of Go 1.19's json.MarshalIndent(v, "", "  ") for this input (keys
        // given in sorted order, as Go writes map keys).
        String input = "{\"Addresses\":{\"API\":\"/ip4/127.0.0.1/tcp/5001\",\"Announce\":[],\"Swarm\":"
                + "[\"/ip4/0.0.0.0/tcp/4001\",\"/ip6/::/tcp/4001\"]},\"Bootstrap\":[],\"Datastore\":"
                + "{\"BloomFilterSize\":0,\"HashOnRead\":false,\"StorageGCWatermark\":90,\"StorageMax\":\"10GB\"},"
                + "\"Gateway\":{\"HTTPHeaders\":{\"Access-Control-Allow-Origin\":[\"*\"]},\"PublicGateways\":null},"
                + "\"Import\":{\"CidVersion\":null,\"Weird \\\"key\\\"\":\"tab\\there \u00e9\"}}";
        String go;
        try (InputStream in = getClass().getResourceAsStream("go-marshalindent.json")) {
            go = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(go, RepoConfig.parse(input).toJson());
    }

    @Test
    void getWalksTheFileAsKuboDoes() {
        assertEquals("Nope not found", assertThrows(ConfigException.class, () -> defaults.get("Nope")).getMessage());
        assertEquals("Addresses.Nope not found",
                assertThrows(ConfigException.class, () -> defaults.get("Addresses.Nope")).getMessage());
        assertEquals("Addresses.API key is not a map",
                assertThrows(ConfigException.class, () -> defaults.get("Addresses.API.x")).getMessage());
        // Case-sensitive, as Kubo's map lookups are.
        assertThrows(ConfigException.class, () -> defaults.get("addresses.api"));
        assertThrows(ConfigException.class, () -> defaults.get(""));
        assertThrows(ConfigException.class, () -> defaults.get("Addresses..API"));
        assertTrue(defaults.get("Datastore").isObject());
        // get() hands out copies.
        ((com.fasterxml.jackson.databind.node.ObjectNode) defaults.get("Datastore")).put("HashOnRead", true);
        assertFalse(defaults.hashOnRead());
    }

    @Test
    void setChecksKeysAndTypes() {
        RepoConfig c = defaults.with("Addresses.Gateway", TextNode.valueOf("/ip4/127.0.0.1/tcp/9999"));
        assertEquals("/ip4/127.0.0.1/tcp/9999", c.getText("Addresses.Gateway"));
        assertEquals("/ip4/127.0.0.1/tcp/8080", defaults.getText("Addresses.Gateway"), "values are immutable");
        // Kubo's Strings: one string or a list.
        c = c.with("Addresses.API", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/1\", \"/ip6/::1/tcp/1\"]"));
        assertEquals(List.of("/ip4/127.0.0.1/tcp/1", "/ip6/::1/tcp/1"), c.apiAddresses());
        c = c.with("Datastore.HashOnRead", BooleanNode.TRUE).with("Import.CidVersion", IntNode.valueOf(1));
        assertTrue(c.hashOnRead());
        assertEquals("1", c.getText("Import.CidVersion"));
        c = c.with("Import.CidVersion", NullNode.getInstance());
        assertEquals("null", c.getText("Import.CidVersion"));
        c = c.with("Import.UnixFSHAMTDirectorySizeThreshold", TextNode.valueOf("256KiB"))
                .with("Bootstrap", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/4001/p2p/" + PEER + "\"]"));
        assertEquals(1, c.bootstrap().size());

        assertEquals("Datastore.StorageGCWatermark takes an integer, not a string", assertThrows(
                ConfigException.class, () -> defaults.with("Datastore.StorageGCWatermark", TextNode.valueOf("5")))
                .getMessage());
        assertThrows(ConfigException.class, () -> defaults.with("Datastore.StorageGCWatermark", IntNode.valueOf(101)));
        assertThrows(ConfigException.class, () -> defaults.with("Datastore.StorageMax", TextNode.valueOf("lots")));
        assertThrows(ConfigException.class, () -> defaults.with("Datastore.HashOnRead", NullNode.getInstance()));
        assertThrows(ConfigException.class, () -> defaults.with("Bootstrap", RepoConfig.parseValue("[1]")));
        assertThrows(ConfigException.class, () -> defaults.with("Routing.Type", RepoConfig.parseValue("1.5")));
        assertEquals("Nope not found", assertThrows(ConfigException.class,
                () -> defaults.with("Nope", TextNode.valueOf("x"))).getMessage());
        assertEquals("Datastore.Nope not found", assertThrows(ConfigException.class,
                () -> defaults.with("Datastore.Nope", TextNode.valueOf("x"))).getMessage());
        assertEquals("Routing.Type key is not a map", assertThrows(ConfigException.class,
                () -> defaults.with("Routing.Type.X", TextNode.valueOf("x"))).getMessage());
        // A whole section is checked field by field.
        assertThrows(ConfigException.class,
                () -> defaults.with("Datastore", RepoConfig.parseValue("{\"StorageMax\": 5}")));
        assertThrows(ConfigException.class,
                () -> defaults.with("Datastore", RepoConfig.parseValue("{\"Unknown\": 5}")));
        assertEquals(7, defaults.with("Datastore", RepoConfig.parseValue("{\"StorageGCWatermark\": 7}"))
                .storageGcWatermark());
    }

    @Test
    void setCreatesNestedKeysInsideMaps() {
        // Gateway.PublicGateways is null by default; MapSetKV creates the objects on the way (as Kubo does).
        RepoConfig c = defaults.with("Gateway.PublicGateways.localhost.UseSubdomains", BooleanNode.FALSE);
        assertEquals("{\n  \"localhost\": {\n    \"UseSubdomains\": false\n  }\n}",
                c.getText("Gateway.PublicGateways"));
        c = c.with("Gateway.HTTPHeaders.Access-Control-Allow-Origin", RepoConfig.parseValue("[\"*\"]"));
        assertEquals("[\n  \"*\"\n]", c.getText("Gateway.HTTPHeaders.Access-Control-Allow-Origin"));
        // ...but not through a value that is not an object.
        RepoConfig s = c.with("Gateway.PublicGateways.localhost", TextNode.valueOf("x"));
        assertEquals("Gateway.PublicGateways.localhost key is not a map", assertThrows(ConfigException.class,
                () -> s.with("Gateway.PublicGateways.localhost.Paths", TextNode.valueOf("y"))).getMessage());
    }

    @Test
    void identityIsNotSetHere() {
        assertThrows(ConfigException.class, () -> defaults.with("Identity.PeerID", TextNode.valueOf(PEER.toString())));
        assertThrows(ConfigException.class, () -> defaults.with("identity", RepoConfig.parseValue("{}")));
        assertThrows(ConfigException.class, () -> defaults.with("Identity.PrivKey", TextNode.valueOf("x")));
    }

    @Test
    void humanOutputIsKubos() {
        // config.HumanOutput: strings bare with surrounding newlines trimmed, everything else as indented JSON.
        RepoConfig c = defaults.with("Gateway.RootRedirect", TextNode.valueOf("\n/ipfs/x\n\n"));
        assertEquals("/ipfs/x", c.getText("Gateway.RootRedirect"));
        assertEquals("false", c.getText("Datastore.HashOnRead"));
        assertEquals("90", c.getText("Datastore.StorageGCWatermark"));
        assertEquals("[\n  \"/ip4/0.0.0.0/tcp/4001\",\n  \"/ip6/::/tcp/4001\"\n]", c.getText("Addresses.Swarm"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{", "{\"a\":1}{", "{\"a\":1,\"a\":2}", "nul", "{'a':1}", "[1,]", "NaN"})
    void badJsonValuesAreTyped(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> RepoConfig.parseValue(text));
        assertTrue(e.getMessage().startsWith("failed to unmarshal json. "), e.getMessage());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThrows(ConfigException.class, () -> RepoConfig.parseValue(deep));
        assertThrows(ConfigException.class, () -> RepoConfig.parse("{\"a\":" + deep + "}"));
    }

    /** go-humanize's TestByteParsing vectors (the ones that fit in a signed 64-bit count). */
    @ParameterizedTest
    @CsvSource({"42,42", "42MB,42000000", "42MiB,44040192", "42mb,42000000", "42mib,44040192", "42MIB,44040192",
        "42 MB,42000000", "42 MiB,44040192", "42.5MB,42500000", "42.5MiB,44564480", "42.5 Mi,44564480",
        "42M,42000000", "42Mi,44040192", "42m,42000000", "42 mi,44040192", "10GB,10000000000", "0,0",
        "1EiB,1152921504606846976"})
    void sizesParseAsGoHumanize(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text, "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"84 JB", "", "16 EiB", "12.5 EB", "GB", "1.2.3GB", "-5GB", "٣GB"})
    void badSizesAreTyped(String text) {
        assertThrows(ConfigException.class, () -> ByteSize.parse(text, "x"));
    }

    @Property
    void arbitraryTextParsesOrIsTyped(@ForAll String text) {
        try {
            RepoConfig c = RepoConfig.parse(text);
            assertEquals(c, RepoConfig.parse(c.toJson()));
        } catch (ConfigException expected) {
            // the one allowed failure
        }
        try {
            JsonNode v = RepoConfig.parseValue(text);
            assertEquals(v, RepoConfig.parseValue(ConfigJson.format(v)));
        } catch (ConfigException expected) {
            // the one allowed failure
        }
    }

    @Property
    void arbitraryKeysGetOrAreTyped(@ForAll("keys") String key, @ForAll("values") JsonNode value) {
        try {
            defaults.get(key);
        } catch (ConfigException expected) {
            // the one allowed failure
        }
        try {
            RepoConfig c = defaults.with(key, value);
            assertEquals(value, c.get(key));
            assertEquals(c, RepoConfig.parse(c.toJson()));
        } catch (ConfigException expected) {
            // the one allowed failure
        }
    }

    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.of("Addresses", "API", "Gateway", "Swarm", "Datastore", "StorageMax", "HTTPHeaders",
                        "PublicGateways", "Import", "CidVersion", "Bootstrap", "Routing", "Type", "Provide", "DHT",
                        "Identity", "PeerID", "X-Header"),
                Arbitraries.strings().ofMaxLength(6));
        return part.list().ofMinSize(0).ofMaxSize(5).map(l -> String.join(".", l));
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return Arbitraries.of("1", "-3", "true", "null", "\"10GB\"", "\"x\"", "[]", "[\"a\"]", "{}", "{\"a\":[1]}",
                "1.5", "{\"StorageGCWatermark\": 50}").map(RepoConfig::parseValue);
    }
}
