package io.cairn.core.interop;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness's policy and JSON codec, which need no Node.js. */
class NodeInteropTest {

    @Test
    void unavailableHarnessSkipsByDefault() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> NodeInterop.unavailable("npm missing", Map.of(), false));
        assertTrue(e.getMessage().contains("npm missing"), e.getMessage());
    }

    @Test
    void unavailableHarnessFailsWhenInteropIsRequired() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> NodeInterop.unavailable("npm missing", Map.of(NodeInterop.REQUIRE_ENV, "1"), false));
        assertTrue(e.getMessage().contains("npm missing"), e.getMessage());
    }

    @Test
    void otherValuesOfTheVariableStillSkip() {
        assertThrows(TestAbortedException.class,
                () -> NodeInterop.unavailable("npm missing", Map.of(NodeInterop.REQUIRE_ENV, "0"), false));
    }

    @Test
    void jsonParsesWhatTheScriptsPrint() {
        Map<String, Object> m = Json.parseObject(
                "{\"root\":\"Qm\",\"entries\":[{\"size\":12,\"type\":null,\"ok\":true}],\"f\":-1.5e3,"
                        + "\"s\":\"a\\\"\\\\\\n\\u00e9\\ud83d\\ude00\"}");
        assertEquals("Qm", m.get("root"));
        Map<?, ?> entry = (Map<?, ?>) ((List<?>) m.get("entries")).get(0);
        assertEquals(12L, entry.get("size"));
        assertNull(entry.get("type"));
        assertEquals(Boolean.TRUE, entry.get("ok"));
        assertEquals(0, new BigDecimal("-1500").compareTo((BigDecimal) m.get("f")));
        assertEquals("a\"\\\n\u00e9\ud83d\ude00", m.get("s"));
    }

    @Test
    void jsonWritesRequests() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("source", "/tmp/a \"b\"");
        request.put("wrap", false);
        request.put("options", Map.of("chunkSize", 1024));
        request.put("roots", List.of());
        assertEquals("{\"source\":\"/tmp/a \\\"b\\\"\",\"wrap\":false,\"options\":{\"chunkSize\":1024},\"roots\":[]}",
                Json.write(request));
    }

    @Test
    void jsonRejectsMalformedText() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "01", "tru", "\"\\x\"", "1 2", "{\"a\":1,\"a\":2}")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }

    @Property
    void jsonStringsRoundTrip(@ForAll String s) {
        assertEquals(s, Json.parse(Json.write(s)));
    }

    @Property
    void jsonLongsRoundTrip(@ForAll long n) {
        assertEquals(n, Json.parse(Json.write(List.of(n))) instanceof List<?> l ? l.get(0) : null);
    }

    @Property
    void arbitraryTextOnlyEverThrowsIllegalArgument(@ForAll String text) {
        try {
            Json.parse(text);
        } catch (IllegalArgumentException expected) {
            // the only failure the parser may report
        }
    }
}
