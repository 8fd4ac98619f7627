package io.cairn.core.ipld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.block.BlockSource;
import io.cairn.core.car.CarReader;
import io.cairn.core.car.CarWriter;
import io.cairn.core.interop.NodeInterop;
import io.cairn.core.interop.NodeInterop.CarEntry;
import io.cairn.core.interop.NodeInterop.CarListing;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Links} against the real {@code @ipld/dag-cbor} 10 and {@code @ipld/dag-json} 11 ({@code interop/js/
 * ipld-links.mjs}): random documents with links, encoded in JavaScript, yield exactly the links those libraries read
 * back, in the same order; and a DAG mixing dag-cbor, dag-json, dag-pb and raw, written as a CAR by
 * {@code @ipld/car}, is walked whole by {@link DagTraversal}, and the CAR Cairn writes from that walk is read by
 * {@code @ipld/car} with every block. CIDs come from JavaScript as strings and are compared as strings.
 */
class IpldLinksInteropIT {
    @TempDir
    Path tmp;

    private NodeInterop js;

    @BeforeEach
    void install() {
        js = NodeInterop.get();
    }

    @Test
    void randomDocumentsYieldTheLinksJavaScriptPutIn() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("seed", 20261122);
        request.put("count", 150);
        request.put("outDir", tmp.toString());
        Map<String, Object> out = js.runWithRequest("ipld-links.mjs", request, NodeInterop.DEFAULT_TIMEOUT);

        int links = 0;
        Set<String> codecs = new HashSet<>();
        for (Object o : (List<?>) out.get("documents")) {
            Map<?, ?> doc = (Map<?, ?>) o;
            byte[] bytes = Files.readAllBytes(Path.of((String) doc.get("file")));
            String cidText = (String) doc.get("cid");
            Multicodec codec = Multicodec.forName((String) doc.get("codec"));
            assertEquals(cidText, Cid.of(1, codec, HashFunction.SHA2_256, bytes).toString(), "block bytes");
            List<String> found = new ArrayList<>();
            Links.of(Cid.parse(cidText), bytes).forEach(c -> found.add(c.toString()));
            assertEquals(doc.get("links"), found, "links of " + cidText + " (" + doc.get("file") + ")");
            links += found.size();
            codecs.add(codec.codecName());
        }
        assertEquals(Set.of("dag-cbor", "dag-json"), codecs);
        assertTrue(links > 300, links + " links in all");
    }

    @Test
    void aMixedDagFromJavaScriptIsWalkedAndExportedWhole() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("seed", 7);
        request.put("count", 0);
        request.put("outDir", tmp.toString());
        Map<?, ?> dag = (Map<?, ?>) js.runWithRequest("ipld-links.mjs", request, NodeInterop.DEFAULT_TIMEOUT)
                .get("dag");
        Map<Cid, Block> blocks = new HashMap<>();
        try (InputStream in = Files.newInputStream(Path.of((String) dag.get("car")));
             CarReader car = CarReader.open(in)) {
            for (Block b = car.next(); b != null; b = car.next()) {
                blocks.put(b.cid(), b);
            }
        }
        BlockSource source = cid -> blocks.containsKey(cid) ? CompletableFuture.completedFuture(blocks.get(cid))
                : CompletableFuture.failedFuture(new BlockNotFoundException(cid));
        Cid root = Cid.parse((String) dag.get("root"));
        Path exported = tmp.resolve("cairn.car");
        List<String> walked = new ArrayList<>();
        try (OutputStream out = Files.newOutputStream(exported); CarWriter writer = new CarWriter(out, List.of(root))) {
            DagTraversal.walk(source, root, b -> {
                walked.add(b.cid().toString());
                writer.write(b);
            });
        }
        List<?> expected = (List<?>) dag.get("cids");
        assertEquals(new HashSet<>(expected), new HashSet<>(walked), "every block of the DAG, and nothing else");
        assertEquals(expected.size(), walked.size(), "each block once");
        assertEquals(dag.get("root"), walked.get(0));

        CarListing listing = js.readCarWithJs(exported);
        assertEquals(List.of(dag.get("root")), listing.roots());
        List<String> read = new ArrayList<>();
        for (CarEntry e : listing.blocks()) {
            read.add(e.cid());
        }
        assertEquals(walked, read);
    }
}
