package io.cairn.gateway.rpc;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.ipld.Links;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.UnixFsReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code pin/add|ls|rm|update|verify} (kubo {@code core/commands/pin/pin.go}). */
final class PinCommands {
    private final RpcBackend backend;

    PinCommands(RpcBackend backend) {
        this.backend = backend;
    }

    void register(Map<String, RpcCommand> commands) {
        commands.put("pin/add", this::add);
        commands.put("pin/ls", this::ls);
        commands.put("pin/rm", this::rm);
        commands.put("pin/update", this::update);
        commands.put("pin/verify", this::verify);
    }

    private List<Cid> resolveAll(List<String> paths) throws IOException {
        UnixFsReader reader = new UnixFsReader(backend.blocks());
        List<Cid> out = new ArrayList<>();
        for (String p : paths) {
            out.add(ContentPaths.resolve(p, reader));
        }
        return out;
    }

    /** {@code {"Pins":[...]}} once every path is pinned. */
    private void add(RpcRequest req, RpcResponse res) throws IOException {
        List<String> paths = req.requireArgs("ipfs-path");
        boolean recursive = req.bool(true, "recursive", "r");
        String name = req.string("name", "n");
        checkName(name);
        List<String> pinned = new ArrayList<>();
        for (Cid cid : resolveAll(paths)) {
            backend.pin(cid, recursive, name);
            pinned.add(cid.toString());
        }
        res.json(Map.of("Pins", pinned));
    }

    /**
     * Without arguments every pin of {@code type}; with them, each path's own pin, or a client error
     * {@code path '<arg>' is not pinned}. {@code stream}: one {@code {"Cid","Type","Name"}} per line; otherwise
     * {@code {"Keys":{cid:{"Type","Name"}}}}.
     */
    private void ls(RpcRequest req, RpcResponse res) throws IOException {
        String typeText = req.string("type", "t");
        RpcBackend.PinKind kind;
        try {
            kind = RpcBackend.PinKind.valueOf((typeText == null ? "all" : typeText).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RpcException.client("invalid type '" + typeText
                    + "', must be one of {direct, indirect, recursive, all}");
        }
        boolean stream = req.bool(false, "stream", "s");
        String nameFilter = req.string("name", "n");
        boolean names = req.bool(false, "names") || nameFilter != null && !nameFilter.isEmpty();
        List<RpcBackend.PinEntry> entries = new ArrayList<>();
        Iterator<RpcBackend.PinEntry> all = null;
        if (!req.args().isEmpty()) {
            List<Cid> cids = resolveAll(req.args());
            for (int i = 0; i < cids.size(); i++) {
                Optional<RpcBackend.PinEntry> pin = backend.pinOf(cids.get(i));
                if (pin.isEmpty() || !matches(kind, pin.get().type())) {
                    throw new RpcException("path '" + req.args().get(i) + "' is not pinned");
                }
                entries.add(new RpcBackend.PinEntry(cids.get(i), pin.get().type(), pin.get().name()));
            }
            all = entries.iterator();
        } else {
            all = backend.pins(kind);
        }
        if (stream) {
            try (RpcResponse.Ndjson out = res.stream()) {
                while (all.hasNext()) {
                    RpcBackend.PinEntry p = all.next();
                    if (keep(p, nameFilter)) {
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("Cid", p.cid().toString());
                        if (names && p.name() != null && !p.name().isEmpty()) {
                            o.put("Name", p.name());
                        }
                        o.put("Type", p.type());
                        out.emit(o);
                    }
                }
            }
            return;
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        while (all.hasNext()) {
            RpcBackend.PinEntry p = all.next();
            if (keep(p, nameFilter)) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("Type", p.type());
                o.put("Name", names && p.name() != null ? p.name() : "");
                keys.put(p.cid().toString(), o);
            }
        }
        res.json(Map.of("Keys", keys));
    }

    private static boolean matches(RpcBackend.PinKind kind, String type) {
        return kind == RpcBackend.PinKind.ALL || kind.name().equalsIgnoreCase(type);
    }

    private static boolean keep(RpcBackend.PinEntry p, String nameFilter) {
        return nameFilter == null || nameFilter.isEmpty() || p.name() != null && p.name().contains(nameFilter);
    }

    private void rm(RpcRequest req, RpcResponse res) throws IOException {
        List<String> paths = req.requireArgs("ipfs-path");
        boolean recursive = req.bool(true, "recursive", "r");
        List<String> unpinned = new ArrayList<>();
        for (Cid cid : resolveAll(paths)) {
            backend.unpin(cid, recursive);
            unpinned.add(cid.toString());
        }
        res.json(Map.of("Pins", unpinned));
    }

    private void update(RpcRequest req, RpcResponse res) throws IOException {
        if (req.args().size() < 2) {
            throw RpcException.client(req.args().isEmpty() ? "argument \"from-path\" is required"
                    : "argument \"to-path\" is required");
        }
        List<Cid> cids = resolveAll(req.args().subList(0, 2));
        backend.updatePin(cids.get(0), cids.get(1), req.bool(true, "unpin"));
        res.json(Map.of("Pins", List.of(cids.get(0).toString(), cids.get(1).toString())));
    }

    /**
     * Walks every recursive pin's DAG: {@code {"Cid","Ok":true}} for a whole one (with {@code verbose}), else
     * {@code {"Cid","BadNodes":[{"Cid","Err"}]}} naming each block that is missing or does not decode.
     */
    private void verify(RpcRequest req, RpcResponse res) throws IOException {
        boolean verbose = req.bool(false, "verbose");
        Iterator<RpcBackend.PinEntry> pins = backend.pins(RpcBackend.PinKind.RECURSIVE);
        try (RpcResponse.Ndjson out = res.stream()) {
            while (pins.hasNext()) {
                Cid root = pins.next().cid();
                List<Map<String, Object>> bad = badNodes(root);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("Cid", root.toString());
                if (bad.isEmpty()) {
                    if (!verbose) {
                        continue;
                    }
                    o.put("Ok", true);
                } else {
                    o.put("BadNodes", bad);
                }
                out.emit(o);
            }
        }
    }

    private List<Map<String, Object>> badNodes(Cid root) throws IOException {
        List<Map<String, Object>> bad = new ArrayList<>();
        Deque<Cid> todo = new ArrayDeque<>();
        java.util.Set<Cid> seen = new java.util.HashSet<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!seen.add(cid)) {
                continue;
            }
            try {
                Block b = backend.blocks().get(cid).join();
                if (Links.mayHaveLinks(cid.codec())) {
                    List<Cid> links = Links.of(cid, b.data());
                    for (int i = links.size() - 1; i >= 0; i--) {
                        todo.push(links.get(i));
                    }
                }
            } catch (java.util.concurrent.CompletionException e) {
                String err = e.getCause() instanceof BlockNotFoundException ? "merkledag: not found"
                        : String.valueOf(e.getCause().getMessage());
                bad.add(Map.of("Cid", cid.toString(), "Err", err));
            } catch (io.cairn.core.FormatException e) {
                bad.add(Map.of("Cid", cid.toString(), "Err", e.getMessage()));
            }
        }
        return bad;
    }

    /** Kubo's {@code cmdutils.ValidatePinName}. */
    static void checkName(String name) {
        if (name == null) {
            return;
        }
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > 255) {
            throw RpcException.client("pin name is " + bytes + " bytes (max 255 bytes)");
        }
    }
}
