package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.interop.NodeInterop;
import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two js-libp2p nodes running @libp2p/kad-dht 16.4.5 (server mode, a private protocol ID, loopback addresses kept)
 * and three Cairn nodes form one DHT on loopback: content provided on either side is found from the other, FIND_NODE
 * answers agree with each side's routing table, and Cairn answers the PING message.
 */
class KadDhtInteropIT {
    private static final String PROTOCOL = "/cairn-interop/kad/1.0.0";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HexFormat HEX = HexFormat.of();
    private static final List<Host> hosts = new ArrayList<>();
    private static final List<KadDht> cairn = new ArrayList<>();
    private static final List<JsKadPeer> js = new ArrayList<>();
    private static final List<Map<String, Object>> jsConnects = new ArrayList<>();

    @BeforeAll
    static void network() throws Exception {
        NodeInterop node = NodeInterop.get();
        js.add(new JsKadPeer(node, PROTOCOL));
        js.add(new JsKadPeer(node, PROTOCOL));
        for (int i = 0; i < 3; i++) {
            Host h = Host.builder(Ed25519KeyPair.generate(new SecureRandom()))
                    .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).eventLoopThreads(1).start();
            hosts.add(h);
            KadDhtBuilder b = KadDht.builder(h).protocol(PROTOCOL).mode(DhtMode.SERVER).loopbackNetwork(true)
                    .bootstrapPeer(Multiaddr.parse(js.get(0).address));
            if (i > 0) {
                b.bootstrapPeer(addressOf(hosts.get(0)));
            }
            KadDht d = b.build();
            d.start();
            cairn.add(d);
        }
        for (KadDht d : cairn) {
            d.bootstrap().get(60, TimeUnit.SECONDS);
        }
        jsConnects.add(js.get(1).call(Map.of("cmd", "connect", "addr", addressOf(hosts.get(1)).toString()), TIMEOUT));
        jsConnects.add(js.get(0).call(Map.of("cmd", "connect", "addr", addressOf(hosts.get(2)).toString()), TIMEOUT));
        for (KadDht d : cairn) {
            d.bootstrap().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        cairn.forEach(KadDht::close);
        hosts.forEach(Host::close);
        js.forEach(JsKadPeer::close);
    }

    private static Multiaddr addressOf(Host h) {
        return h.listenAddresses().get(0).encapsulate(Component.p2p(h.peerId()));
    }

    private static List<PeerId> everyone() {
        List<PeerId> all = new ArrayList<>();
        hosts.forEach(h -> all.add(h.peerId()));
        js.forEach(j -> all.add(j.peerId));
        return all;
    }

    private static List<PeerId> ids(Object list) {
        return ((List<?>) list).stream().map(x -> PeerId.parse(x instanceof Map<?, ?> m ? (String) m.get("id")
                : (String) x)).toList();
    }

    @Test
    void eachSideTakesTheOtherIntoItsRoutingTable() throws Exception {
        for (Map<String, Object> c : jsConnects) {
            assertEquals(Boolean.TRUE, c.get("inTable"), c.toString());
        }
        Set<PeerId> jsIds = Set.of(js.get(0).peerId, js.get(1).peerId);
        assertTrue(cairn.get(0).routingTablePeers().get(10, TimeUnit.SECONDS).containsAll(jsIds));
        List<PeerId> jsTable = ids(js.get(0).call(Map.of("cmd", "table"), TIMEOUT).get("peers"));
        assertTrue(jsTable.containsAll(hosts.stream().map(Host::peerId).toList()), jsTable.toString());
    }

    @Test
    void cairnFindsAKeyThatJsProvided() throws Exception {
        String mh = (String) js.get(0).call(Map.of("cmd", "provide", "data", "provided by js"), TIMEOUT).get("mh");
        Multihash key = Multihash.fromBytes(HEX.parseHex(mh));
        for (KadDht d : cairn) {
            assertEquals(List.of(js.get(0).peerId), d.findProviders(key, 1).get(30, TimeUnit.SECONDS));
        }
        assertTrue(hosts.get(2).peerStore().addresses(js.get(0).peerId)
                .contains(Multiaddr.parse(js.get(0).address).decapsulate(io.cairn.core.multiaddr.Protocol.P2P)));
    }

    @Test
    void jsFindsAKeyThatCairnProvided() throws Exception {
        Multihash key = Multihash.digest(io.cairn.core.multiformats.HashFunction.SHA2_256,
                "provided by cairn".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        cairn.get(1).provide(key).get(30, TimeUnit.SECONDS);
        for (JsKadPeer j : js) {
            Map<String, Object> r = j.call(Map.of("cmd", "findProviders", "mh", HEX.formatHex(key.toBytes()),
                    "max", 1), TIMEOUT);
            List<?> providers = (List<?>) r.get("providers");
            assertEquals(List.of(hosts.get(1).peerId()), ids(providers), r.toString());
            List<?> addrs = (List<?>) ((Map<?, ?>) providers.get(0)).get("addrs");
            assertTrue(addrs.contains(hosts.get(1).listenAddresses().get(0).toString()), addrs.toString());
        }
    }

    @Test
    void jsFindNodeAgainstCairnNamesCairnsNearestPeers() throws Exception {
        byte[] key = js.get(1).peerId.toBytes();
        Map<String, Object> r = js.get(0).call(Map.of("cmd", "request", "peer", hosts.get(0).peerId().toString(),
                "type", "FIND_NODE", "key", HEX.formatHex(key)), TIMEOUT);
        assertEquals("FIND_NODE", r.get("type"));
        // Cairn names the target first (its addresses are known), then its table's nearest, never the asker
        List<PeerId> table = cairn.get(0).routingTablePeers().get(10, TimeUnit.SECONDS);
        List<PeerId> expected = new ArrayList<>(List.of(js.get(1).peerId));
        table.stream().filter(p -> !p.equals(js.get(0).peerId) && !p.equals(js.get(1).peerId))
                .sorted(Comparator.comparing(Key::forPeer, Key.byDistanceTo(Key.of(key)))).forEach(expected::add);
        assertEquals(expected, ids(r.get("closer")));
    }

    @Test
    void cairnFindNodeAgainstJsNamesJsNearestPeers() throws Exception {
        byte[] key = hosts.get(2).peerId().toBytes();
        HostKadDht asker = (HostKadDht) cairn.get(0);
        // js adds peers to its table in the background (after pinging them), so the answer is bracketed by the
        // table read before and after it: it names every peer of the first and none outside the second
        Set<PeerId> before = new HashSet<>(ids(js.get(1).call(Map.of("cmd", "table"), TIMEOUT).get("peers")));
        DhtMessage r = asker.request(js.get(1).peerId, DhtMessage.findNode(key)).get(30, TimeUnit.SECONDS);
        Set<PeerId> after = new HashSet<>(ids(js.get(1).call(Map.of("cmd", "table"), TIMEOUT).get("peers")));
        before.remove(hosts.get(0).peerId());
        after.remove(hosts.get(0).peerId());
        after.add(hosts.get(2).peerId()); // js names the target itself first when its peer store knows it
        Set<PeerId> got = new HashSet<>();
        for (DhtPeer p : r.closerPeers()) {
            got.add(p.id());
            assertFalse(p.addresses().isEmpty(), p.toString());
        }
        String context = "js table before " + before + ", after " + after + ", answer " + r.closerPeers();
        assertTrue(got.containsAll(before), context);
        assertTrue(after.containsAll(got), context);
        assertFalse(got.contains(hosts.get(0).peerId()), "js named the asker: " + context);
    }

    @Test
    void getClosestPeersAgreesBothWaysWithBruteForce() throws Exception {
        byte[] key = "a key both sides look up".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<PeerId> all = everyone();
        PeerId cairnSelf = hosts.get(2).peerId();
        List<PeerId> expected = all.stream().filter(p -> !p.equals(cairnSelf))
                .sorted(Comparator.comparing(Key::forPeer, Key.byDistanceTo(Key.of(key)))).toList();
        assertEquals(expected, cairn.get(2).getClosestPeers(key).get(30, TimeUnit.SECONDS));
        Map<String, Object> r = js.get(1).call(Map.of("cmd", "closest", "key", HEX.formatHex(key)), TIMEOUT);
        Set<PeerId> jsExpected = new HashSet<>(all);
        jsExpected.remove(js.get(1).peerId);
        assertEquals(jsExpected, new HashSet<>(ids(r.get("peers"))));
    }

    @Test
    void cairnAnswersPing() {
        Map<String, Object> r = js.get(1).call(Map.of("cmd", "request", "peer", hosts.get(2).peerId().toString(),
                "type", "PING"), TIMEOUT);
        assertEquals("PING", r.get("type"));
        assertTrue(((List<?>) r.get("closer")).isEmpty());
    }
}
