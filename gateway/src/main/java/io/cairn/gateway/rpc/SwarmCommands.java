package io.cairn.gateway.rpc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network commands in Kubo's shapes: {@code swarm/peers} ({@code {"Peers":[{"Addr","Peer",...}]}}),
 * {@code swarm/connect} ({@code {"Strings":["connect ID success"]}}), and {@code routing/findprovs},
 * {@code routing/provide}, {@code routing/findpeer} as NDJSON query events; {@code provide/stat} as one object,
 * with the fields of Kubo's legacy answer ({@code TotalProvides}, {@code LastReprovideDuration} in nanoseconds as
 * Go encodes a duration, {@code LastReprovideBatchSize}) followed by the sweep's own.
 */
final class SwarmCommands {
    private final NetworkBackend net;

    SwarmCommands(NetworkBackend net) {
        this.net = net;
    }

    void register(Map<String, RpcCommand> commands) {
        commands.put("swarm/peers", this::peers);
        commands.put("swarm/connect", this::connect);
        commands.put("routing/findprovs", this::findProviders);
        commands.put("routing/provide", this::provide);
        commands.put("routing/findpeer", this::findPeer);
        commands.put("provide/stat", this::provideStat);
    }

    /** Kubo's QueryEvent type numbers (core/routing/query.go). */
    static final int FINAL_PEER = 2;
    static final int PROVIDER = 4;

    /** One {@code {"ID":"","Type":4,"Responses":[{"ID","Addrs"}],"Extra":""}} line per provider, as Kubo streams. */
    private void findProviders(RpcRequest req, RpcResponse res) throws IOException {
        io.cairn.core.multiformats.Cid cid = cid(req.arg("key"));
        long max = req.number(20, "num-providers", "n");
        if (max < 1) {
            throw RpcException.client("number of providers must be greater than 0");
        }
        List<NetworkBackend.PeerAddresses> found = net.findProviders(cid, (int) Math.min(max, 1000));
        try (RpcResponse.Ndjson out = res.stream()) {
            for (NetworkBackend.PeerAddresses p : found) {
                out.emit(event(PROVIDER, p));
            }
        }
    }

    private void provide(RpcRequest req, RpcResponse res) throws IOException {
        List<io.cairn.core.multiformats.Cid> cids = new ArrayList<>();
        for (String a : req.requireArgs("key")) {
            cids.add(cid(a));
        }
        for (io.cairn.core.multiformats.Cid c : cids) {
            net.provide(c);
        }
        try (RpcResponse.Ndjson out = res.stream()) {
            for (io.cairn.core.multiformats.Cid c : cids) {
                out.emit(Map.of("ID", "", "Type", 0, "Responses", List.of(), "Extra", c.toString()));
            }
        }
    }

    private void findPeer(RpcRequest req, RpcResponse res) throws IOException {
        String peer = req.arg("peerID");
        NetworkBackend.PeerAddresses found = net.findPeer(peer)
                .orElseThrow(() -> new RpcException("routing: not found"));
        try (RpcResponse.Ndjson out = res.stream()) {
            out.emit(event(FINAL_PEER, found));
        }
    }

    private void provideStat(RpcRequest req, RpcResponse res) throws IOException {
        NetworkBackend.ProvideStat s = net.provideStat();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("TotalProvides", s.keysProvided());
        o.put("LastReprovideDuration", Math.max(0, s.lastCycleEnd() - s.lastCycleStart()) * 1_000_000L);
        o.put("LastReprovideBatchSize", s.lastCycleKeys());
        o.put("Keys", s.keys());
        o.put("QueueLength", s.queueLength());
        o.put("Regions", s.regions());
        o.put("PrefixLength", s.prefixLength());
        o.put("SweepsInFlight", s.sweepsInFlight());
        o.put("Sweeps", s.sweeps());
        o.put("FailedSweeps", s.failedSweeps());
        o.put("Lookups", s.lookups());
        o.put("LookupRequests", s.lookupRequests());
        o.put("AddProviderMessages", s.addProviderMessages());
        o.put("ProvideStreams", s.streams());
        o.put("FailedProvideStreams", s.failedStreams());
        o.put("KeysPerSecond", s.keysPerSecond());
        o.put("LastCycleStart", s.lastCycleStart());
        o.put("LastCycleEnd", s.lastCycleEnd());
        o.put("CurrentCycleStart", s.currentCycleStart());
        o.put("CurrentCycleKeys", s.currentCycleKeys());
        res.json(o);
    }

    /** A bare CID, as routing commands take it ({@code /ipfs/} prefix allowed); Kubo's wording on failure. */
    private static io.cairn.core.multiformats.Cid cid(String text) {
        String t = text.startsWith("/ipfs/") ? text.substring("/ipfs/".length()) : text;
        try {
            return io.cairn.core.multiformats.Cid.parse(t);
        } catch (io.cairn.core.multiformats.CidFormatException e) {
            throw RpcException.client("invalid cid: " + e.getMessage());
        }
    }

    private static Map<String, Object> event(int type, NetworkBackend.PeerAddresses p) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("ID", p.peerId());
        response.put("Addrs", p.addresses());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("Extra", "");
        o.put("ID", "");
        o.put("Responses", List.of(response));
        o.put("Type", type);
        return o;
    }

    private void peers(RpcRequest req, RpcResponse res) throws IOException {
        List<Map<String, Object>> peers = new ArrayList<>();
        for (NetworkBackend.SwarmPeer p : net.peers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("Addr", p.address());
            o.put("Peer", p.peerId());
            // Kubo's numbers: 1 inbound, 2 outbound (network.Direction)
            o.put("Direction", p.outbound() ? 2 : 1);
            peers.add(o);
        }
        res.json(Map.of("Peers", peers));
    }

    private void connect(RpcRequest req, RpcResponse res) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String addr : req.requireArgs("address")) {
            lines.add("connect " + net.connect(addr) + " success");
        }
        res.json(Map.of("Strings", lines));
    }
}
