package io.cairn.network.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.interop.NodeInterop;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cairn and a real js-libp2p 3 node (TCP, Noise, Yamux, identify, ping from npm) on loopback, dialing each other:
 * the proof that Cairn's wire is libp2p's, not our reading of the specs.
 */
class JsLibp2pInteropIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static Host cairn;
    private static JsLibp2pPeer js;

    @BeforeAll
    static void start() throws Exception {
        NodeInterop node = NodeInterop.get();
        cairn = Host.builder(Ed25519KeyPair.generate(new SecureRandom()))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .start();
        cairn.handle(Echo.PROTOCOL, Echo::serve);
        js = new JsLibp2pPeer(node);
    }

    @AfterAll
    static void stop() {
        if (js != null) {
            js.close();
        }
        if (cairn != null) {
            cairn.close();
        }
    }

    private static String cairnAddress() {
        return cairn.listenAddresses().get(0) + "/p2p/" + cairn.peerId();
    }

    @Test
    void cairnDialsJsAndIdentifyTellsEachSideTheTruth() throws Exception {
        Connection c = cairn.connect(Multiaddr.parse(js.address)).get(30, TimeUnit.SECONDS);
        assertEquals(PeerId.parse(js.peerId), c.remotePeer());
        PeerInfo info = c.identified().get(30, TimeUnit.SECONDS);
        assertEquals(c.remotePeer(), info.peerId());
        assertTrue(info.protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", Echo.PROTOCOL)),
                info.protocols().toString());
        assertTrue(info.agentVersion().contains("libp2p"), info.agentVersion());
        assertTrue(info.listenAddresses().contains(Multiaddr.parse(js.address).decapsulate(
                io.cairn.core.multiaddr.Protocol.P2P)), info.listenAddresses().toString());
        // what JS saw: our peer ID, our protocols, our listen address, the address it saw us come from
        Map<String, Object> seen = js.nextIdentify(TIMEOUT);
        assertEquals(cairn.peerId().toString(), seen.get("peer"));
        assertTrue(((List<?>) seen.get("protocols")).containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0",
                Echo.PROTOCOL)), seen.toString());
        assertTrue(((List<?>) seen.get("listenAddrs")).contains(cairn.listenAddresses().get(0).toString()),
                seen.toString());
        assertTrue(String.valueOf(seen.get("agentVersion")).startsWith("cairn/"), seen.toString());

        Duration rtt = cairn.ping(c.remotePeer()).get(30, TimeUnit.SECONDS);
        assertTrue(rtt.compareTo(Duration.ofSeconds(5)) < 0, rtt.toString());
    }

    @Test
    void jsDialsCairnIdentifiesAndPings() {
        Map<String, Object> dialed = js.call(Map.of("cmd", "dial", "addr", cairnAddress()), TIMEOUT);
        assertEquals(cairn.peerId().toString(), dialed.get("peer"));
        assertTrue(((List<?>) dialed.get("protocols")).contains(Echo.PROTOCOL), dialed.toString());
        Map<String, Object> ping = js.call(Map.of("cmd", "ping", "addr", cairnAddress()), TIMEOUT);
        assertNotNull(ping.get("rtt"));
    }

    @Test
    void jsEchoesAHundredConcurrentStreamsOfOneMebibyteThroughCairn() {
        Map<String, Object> r = js.call(Map.of("cmd", "echo", "addr", cairnAddress(), "streams", 100,
                "bytes", 1 << 20), Duration.ofMinutes(3));
        assertEquals(Boolean.TRUE, r.get("ok"));
        assertEquals(100L << 20, ((Number) r.get("bytes")).longValue());
    }

    @Test
    void cairnEchoesAHundredConcurrentStreamsOfOneMebibyteThroughJs() throws Exception {
        PeerId jsPeer = cairn.connect(Multiaddr.parse(js.address)).get(30, TimeUnit.SECONDS).remotePeer();
        List<CompletableFuture<Long>> runs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long seed = i;
            runs.add(cairn.newStream(jsPeer, List.of(Echo.PROTOCOL)).thenCompose(s -> Echo.run(s, 1 << 20, seed)));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
    }

    @Test
    void twoHundredFiftySixMebibytesOnOneStreamArriveIntactBothWays() throws Exception {
        PeerId jsPeer = cairn.connect(Multiaddr.parse(js.address)).get(30, TimeUnit.SECONDS).remotePeer();
        P2pStream s = cairn.newStream(jsPeer, List.of(Echo.PROTOCOL)).get(30, TimeUnit.SECONDS);
        long n = Echo.run(s, 256L << 20, 42).get(5, TimeUnit.MINUTES);
        assertEquals(256L << 20, n);
    }
}
