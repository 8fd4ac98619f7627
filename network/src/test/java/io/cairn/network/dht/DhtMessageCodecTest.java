package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.network.dht.pb.DhtProto;
import io.cairn.network.testing.NettyLeakCheck;
import com.google.protobuf.ByteString;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

class DhtMessageCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    /** One line of js-messages.txt, written by js-vectors.mjs from @libp2p/kad-dht 16.4.5's own codec. */
    record JsVector(String name, byte[] bytes, int type, byte[] key, int clusterLevel, String[] record,
            List<String> closer, List<String> providers) {}

    static List<JsVector> jsVectors() throws IOException {
        List<JsVector> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                DhtMessageCodecTest.class.getResourceAsStream("js-messages.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\\|", -1);
                out.add(new JsVector(f[0], HEX.parseHex(f[1]), Integer.parseInt(f[2]), HEX.parseHex(f[3]),
                        Integer.parseInt(f[4]), f[5].isEmpty() ? null : f[5].split(",", -1), split(f[6]),
                        split(f[7])));
            }
        }
        return out;
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(";"));
    }

    private static List<String> describe(List<DhtPeer> peers) {
        List<String> out = new ArrayList<>();
        for (DhtPeer p : peers) {
            out.add(HEX.formatHex(p.id().toBytes()) + "@"
                    + String.join(",", p.addresses().stream().map(Multiaddr::toString).toList()));
        }
        return out;
    }

    @Test
    void decodesWhatJsEncodesAndReencodesTheSameBytes() throws IOException {
        List<JsVector> vectors = jsVectors();
        assertEquals(9, vectors.size());
        for (JsVector v : vectors) {
            DhtMessage m = DhtMessageCodec.decode(v.bytes());
            assertEquals(v.type(), m.type().number(), v.name());
            assertArrayEquals(v.key(), m.key(), v.name());
            assertEquals(v.clusterLevel(), m.clusterLevelRaw(), v.name());
            assertEquals(v.closer(), describe(m.closerPeers()), v.name());
            assertEquals(v.providers(), describe(m.providerPeers()), v.name());
            if (v.record() == null) {
                assertNull(m.record(), v.name());
            } else {
                assertArrayEquals(HEX.parseHex(v.record()[0]), m.record().key(), v.name());
                assertArrayEquals(HEX.parseHex(v.record()[1]), m.record().value(), v.name());
                // js formats the time itself (RFC 3339 with nanoseconds); we carry the string untouched.
                assertEquals(v.record()[2], m.record().timeReceived(), v.name());
            }
            assertEquals(HEX.formatHex(v.bytes()), HEX.formatHex(DhtMessageCodec.encode(m)), v.name());
        }
    }

    @Test
    void jsAddProviderAnnouncesItsOwnPeerWithAddresses() throws IOException {
        JsVector v = jsVectors().stream().filter(x -> x.name().equals("add-provider-request")).findFirst()
                .orElseThrow();
        DhtMessage m = DhtMessageCodec.decode(v.bytes());
        assertEquals(MessageType.ADD_PROVIDER, m.type());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4002")),
                m.providerPeers().get(0).addresses());
    }

    @Test
    void peerWithBadIdIsDroppedAndBadAddressIsSkipped() {
        PeerId good = DhtArbitraries.peerId(new byte[32]);
        byte[] bytes = DhtProto.Message.newBuilder()
                .setTypeValue(4)
                .addCloserPeers(DhtProto.Message.Peer.newBuilder().setId(ByteString.copyFromUtf8("not a peer")))
                .addCloserPeers(DhtProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(good.toBytes()))
                        .addAddrs(ByteString.copyFrom(new byte[] {(byte) 0xff, 1}))
                        .addAddrs(ByteString.copyFrom(Multiaddr.parse("/ip4/1.2.3.4/tcp/1").toBytes())))
                .build().toByteArray();
        DhtMessage m = DhtMessageCodec.decode(bytes);
        assertEquals(1, m.closerPeers().size());
        assertEquals(good, m.closerPeers().get(0).id());
        assertEquals(List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/1")), m.closerPeers().get(0).addresses());
    }

    @Test
    void rejectsUnknownTypeAndOversizedMessages() {
        assertThrows(DhtMessageFormatException.class, () -> DhtMessageCodec.decode(new byte[] {0x08, 0x06}));
        assertThrows(DhtMessageFormatException.class,
                () -> DhtMessageCodec.decode(new byte[DhtMessageCodec.MAX_MESSAGE_SIZE + 1]));
        byte[] big = new byte[DhtMessageCodec.MAX_MESSAGE_SIZE];
        assertThrows(IllegalArgumentException.class,
                () -> DhtMessageCodec.encode(DhtMessage.getValue(new byte[0]).withRecord(DhtRecord.of(big, big))));
    }

    @Test
    void putValueWithZeroTypeWritesNoTypeField() {
        // proto3 as go writes it: PUT_VALUE is 0, so the type is absent (the js vector above starts with the key too).
        byte[] b = DhtMessageCodec.encode(DhtMessage.putValue(DhtRecord.of(new byte[] {1}, new byte[] {2})));
        assertEquals(0x12, b[0]);
    }

    @Property(tries = 300)
    void roundTrip(@ForAll("messages") DhtMessage m) {
        assertEquals(m, DhtMessageCodec.decode(DhtMessageCodec.encode(m)));
    }

    @Property(tries = 2000)
    void arbitraryBytesOnlyRaiseTheTypedError(@ForAll("noise") byte[] bytes) {
        try {
            DhtMessage m = DhtMessageCodec.decode(bytes);
            assertTrue(m.closerPeers().size() <= bytes.length);
        } catch (DhtMessageFormatException expected) {
            // the one allowed failure
        }
    }

    @Property(tries = 500)
    void mutatedValidMessagesOnlyRaiseTheTypedError(@ForAll("messages") DhtMessage m, @ForAll int position,
            @ForAll byte value) {
        byte[] b = DhtMessageCodec.encode(m);
        if (b.length == 0) {
            return;
        }
        b = Arrays.copyOf(b, b.length);
        b[Math.floorMod(position, b.length)] = value;
        try {
            DhtMessageCodec.decode(b);
        } catch (DhtMessageFormatException expected) {
            // the one allowed failure
        }
    }

    @Provide
    Arbitrary<DhtMessage> messages() {
        return DhtArbitraries.messages();
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }
}
