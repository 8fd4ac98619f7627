package io.cairn.core.importer;

import io.cairn.core.interop.NodeInterop;
import io.cairn.core.interop.NodeInterop.ImportResult;
import io.cairn.core.interop.NodeInterop.ImportedEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs many ipfs-unixfs-importer imports in one Node process ({@code import.mjs}'s batch form), because starting
 * Node costs more than most of the imports these tests make. Requests are the maps {@code import.mjs} reads.
 */
final class JsImports {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private JsImports() {
    }

    /** A request for one file or directory ({@code car} may be null). */
    static Map<String, Object> request(Path source, boolean wrap, Map<String, Object> options, Path car) {
        return request(List.of(source), wrap, options, car);
    }

    /** A request importing several sources in one importer run, each under its base name. */
    static Map<String, Object> request(List<Path> sources, boolean wrap, Map<String, Object> options, Path car) {
        Map<String, Object> request = new LinkedHashMap<>();
        List<Object> absolute = new ArrayList<>();
        for (Path s : sources) {
            absolute.add(s.toAbsolutePath().toString());
        }
        request.put("sources", absolute);
        request.put("wrapWithDirectory", wrap);
        request.put("options", options);
        if (car != null) {
            request.put("car", car.toAbsolutePath().toString());
        }
        return request;
    }

    /** Runs every request, in order, and returns their results in the same order. */
    static List<ImportResult> run(NodeInterop js, List<Map<String, Object>> requests) {
        Map<String, Object> out = js.runWithRequest("import.mjs", Map.of("requests", requests), TIMEOUT);
        List<ImportResult> results = new ArrayList<>();
        for (Object r : (List<?>) out.get("results")) {
            results.add(parse((Map<?, ?>) r));
        }
        if (results.size() != requests.size()) {
            throw new IllegalStateException(requests.size() + " requests but " + results.size() + " results");
        }
        return results;
    }

    private static ImportResult parse(Map<?, ?> result) {
        List<ImportedEntry> entries = new ArrayList<>();
        for (Object o : (List<?>) result.get("entries")) {
            Map<?, ?> e = (Map<?, ?>) o;
            entries.add(new ImportedEntry((String) e.get("path"), (String) e.get("cid"),
                    ((Number) e.get("size")).longValue(), (String) e.get("type")));
        }
        return new ImportResult((String) result.get("root"), List.copyOf(entries));
    }
}
