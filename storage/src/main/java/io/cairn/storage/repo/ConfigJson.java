package io.cairn.storage.repo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON for the config file and for {@code cairn config --json} values. Reading is strict (one value, no trailing
 * tokens, no duplicate keys, bounded nesting); writing is Go's {@code json.MarshalIndent(v, "", "  ")} layout, which
 * is how Kubo writes its config: {@code "key": value}, one element per line, {@code []} and {@code {}} when empty.
 */
final class ConfigJson {
    /** A config is small; deep nesting is an attack or a mistake. */
    private static final int MAX_DEPTH = 64;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigJson() {}

    /** Parses one JSON value; {@code what} names the source in the error. */
    static JsonNode parse(String text, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new ConfigException(what + " is empty, not JSON");
        }
        return node;
    }

    /** The JSON text of {@code node} in Go's indented layout, without a final newline. */
    static String format(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb, "");
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb, String indent) {
        String inner = indent + "  ";
        if (node.isObject()) {
            if (node.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(inner).append(TextNode.valueOf(e.getKey())).append(": ");
                write(e.getValue(), sb, inner);
                sb.append(it.hasNext() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                sb.append(inner);
                write(node.get(i), sb, inner);
                sb.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            sb.append(indent).append(']');
        } else {
            // Scalars: JsonNode.toString() is their JSON text (strings quoted and escaped).
            sb.append(node);
        }
    }

    /** Kubo's {@code HumanOutput}: a string prints bare (without surrounding newlines), anything else as JSON. */
    static String human(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().replaceAll("^\n+|\n+$", "");
        }
        return format(node);
    }
}
