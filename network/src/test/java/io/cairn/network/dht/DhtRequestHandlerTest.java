package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.testing.NettyLeakCheck;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

class DhtRequestHandlerTest {
    private static final List<Multiaddr> ADDRS = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));

    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    private final Random random = new Random(11);
    private final PeerId self = DhtArbitraries.randomPeer(random);
    private final RoutingTable table = RoutingTable.builder(self).diversityFilter(false).build();
    private final MemoryProviderStore providers = new MemoryProviderStore(20, 1000);
    private final MemoryRecordStore records = new MemoryRecordStore(100);
    private final DhtRequestHandler handler = new DhtRequestHandler(self, table, providers, records,
            RecordValidator.standard(), p -> List.of());
    private final List<PeerId> known = DhtArbitraries.randomPeers(random, 30);
    private final PeerId from = known.get(0);

    DhtRequestHandlerTest() {
        for (PeerId p : known) {
            table.tryAdd(p, ADDRS, true, 0);
        }
    }

    private static List<PeerId> ids(List<DhtPeer> l) {
        return l.stream().map(DhtPeer::id).toList();
    }

    @Test
    void findNodeNamesTheTargetFirstThenTheNearestButNeverTheRequester() {
        PeerId target = known.get(5);
        DhtMessage resp = handler.handle(from, DhtMessage.findNode(target.toBytes()), 0).orElseThrow();
        assertEquals(MessageType.FIND_NODE, resp.type());
        assertEquals(0, resp.keyLength());
        assertEquals(target, resp.closerPeers().get(0).id());
        assertEquals(20, resp.closerPeers().size());
        assertTrue(!ids(resp.closerPeers()).contains(from));
        List<PeerId> expected = table.closest(Key.forPeer(target), 22).stream().filter(p -> !p.equals(from))
                .limit(20).toList();
        assertEquals(expected, ids(resp.closerPeers()));
    }

    @Test
    void addProviderStoresOnlyTheSendersOwnRecordAndAnswersNothing() {
        Multihash mh = Multihash.digest(HashFunction.SHA2_256, new byte[] {1});
        DhtPeer other = DhtPeer.of(known.get(1), ADDRS);
        assertThrows(DhtRequestException.class,
                () -> handler.handle(from, DhtMessage.addProvider(mh, other), 0));
        assertThrows(DhtRequestException.class,
                () -> handler.handle(from, DhtMessage.addProvider(mh, DhtPeer.of(from, List.of())), 0));
        assertEquals(Optional.empty(), handler.handle(from, DhtMessage.addProvider(mh, DhtPeer.of(from, ADDRS)), 0));
        DhtMessage resp = handler.handle(known.get(2), DhtMessage.getProviders(mh), 1).orElseThrow();
        assertEquals(List.of(DhtPeer.of(from, ADDRS)), resp.providerPeers());
        assertArrayEquals(mh.toBytes(), resp.key());
        assertEquals(20, resp.closerPeers().size());
    }

    @Test
    void keysOver80BytesAndEmptyKeysAreRefused() {
        assertThrows(DhtRequestException.class, () -> handler.handle(from, DhtMessage.findNode(new byte[81]), 0));
        assertThrows(DhtRequestException.class,
                () -> handler.handle(from, DhtMessage.request(MessageType.GET_PROVIDERS, new byte[0]), 0));
        handler.handle(from, DhtMessage.findNode(new byte[80]), 0).orElseThrow();
    }

    @Test
    void pingIsEchoedWithoutPeers() {
        DhtMessage ping = DhtMessage.request(MessageType.PING, null).withCloserPeers(List.of(DhtPeer.of(from, ADDRS)));
        assertEquals(DhtMessage.request(MessageType.PING, null), handler.handle(from, ping, 0).orElseThrow());
    }

    @Test
    void putValueStoresTheJsPkRecordAndRefusesATamperedOne() throws Exception {
        DhtMessageCodecTest.JsVector v = DhtMessageCodecTest.jsVectors().stream()
                .filter(x -> x.name().equals("put-value-request")).findFirst().orElseThrow();
        DhtMessage put = DhtMessageCodec.decode(v.bytes());
        DhtMessage echo = handler.handle(from, put, 1_700_000_000_000L).orElseThrow();
        assertEquals(put, echo);
        DhtMessage got = handler.handle(from, DhtMessage.getValue(put.key()), 1_700_000_000_001L).orElseThrow();
        assertArrayEquals(put.record().value(), got.record().value());
        assertEquals("2023-11-14T22:13:20Z", got.record().timeReceived());
        byte[] value = put.record().value();
        value[value.length - 1] ^= 1;
        DhtMessage tampered = DhtMessage.putValue(DhtRecord.of(put.key(), value));
        assertThrows(DhtRequestException.class, () -> handler.handle(from, tampered, 2));
        DhtMessage otherNs = DhtMessage.putValue(DhtRecord.of("/ipns/x".getBytes(), value));
        assertThrows(DhtRequestException.class, () -> handler.handle(from, otherNs, 2));
    }
}
