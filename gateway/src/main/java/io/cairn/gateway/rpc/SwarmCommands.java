package io.cairn.gateway.rpc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm/peers} and {@code swarm/connect} in Kubo's shapes: {@code {"Peers":[{"Addr","Peer",...}]}} and
 * {@code {"Strings":["connect ID success"]}}.
 */
final class SwarmCommands {
    private final NetworkBackend net;

    SwarmCommands(NetworkBackend net) {
        this.net = net;
    }

    void register(Map<String, RpcCommand> commands) {
        commands.put("swarm/peers", this::peers);
        commands.put("swarm/connect", this::connect);
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
