package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators shared by the DHT's property tests. */
final class DhtArbitraries {
    private DhtArbitraries() {}

    static PeerId peerId(byte[] digest32) {
        return PeerId.fromMultihash(Multihash.of(Multicodec.SHA2_256.code(), digest32));
    }

    static PeerId randomPeer(Random random) {
        byte[] d = new byte[32];
        random.nextBytes(d);
        return peerId(d);
    }

    static Arbitrary<PeerId> peerIds() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(DhtArbitraries::peerId);
    }

    static Arbitrary<Multiaddr> addresses() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        Arbitrary<Multiaddr> v4 = Combinators.combine(octet, octet, octet, port)
                .as((a, b, c, p) -> Multiaddr.parse("/ip4/" + a + "." + b + "." + c + ".1/tcp/" + p));
        Arbitrary<Multiaddr> v6 = Combinators.combine(Arbitraries.integers().between(0, 0xffff), port)
                .as((h, p) -> Multiaddr.parse("/ip6/2001:db8::" + Integer.toHexString(h) + "/udp/" + p + "/quic-v1"));
        return Arbitraries.oneOf(v4, v6);
    }

    static Arbitrary<DhtPeer> peers() {
        return Combinators.combine(peerIds(), addresses().list().ofMaxSize(3),
                Arbitraries.of(ConnectionType.class)).as(DhtPeer::new);
    }

    static Arbitrary<DhtRecord> records() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Combinators.combine(bytes, bytes, Arbitraries.strings().ofMaxLength(30))
                .as(DhtRecord::new);
    }

    static Arbitrary<DhtMessage> messages() {
        return Combinators.combine(
                Arbitraries.of(MessageType.class),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80),
                records().injectNull(0.5),
                peers().list().ofMaxSize(5),
                peers().list().ofMaxSize(5),
                Arbitraries.integers().between(-3, 1000))
                .as((t, k, r, c, p, l) -> new DhtMessage(t, k, r, c, p, l));
    }

    static List<PeerId> randomPeers(Random random, int n) {
        return java.util.stream.Stream.generate(() -> randomPeer(random)).limit(n).toList();
    }
}
