package io.cairn.core.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.core.multiformats.Varint;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known vectors for multiaddr text and binary forms. Sources: the multiaddr spec (README and test/multiaddr.feature),
 * go-multiaddr's multiaddr_test.go, and bytes and canonical text printed by js-multiaddr
 * (@multiformats/multiaddr 13.0.3, bytes re-decoded with {@code multiaddr(bytes).toString()}). Where the two
 * implementations differ (js prints IPv4-mapped IPv6 in hex and percent-encodes unix paths), Cairn follows
 * go-multiaddr and RFC 5952.
 */
class MultiaddrTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Canonical text and its bytes: both directions must hold exactly. */
    static Stream<Arguments> canonicalVectors() {
        return Stream.of(
                // the task's example and the multiaddr README / multiaddr.feature
                Arguments.of("/ip4/127.0.0.1/tcp/4001", "047f000001060fa1"),
                Arguments.of("/ip4/127.0.0.1/udp/1234", "047f000001910204d2"),
                Arguments.of("/ip4/192.0.2.42/tcp/443", "04c000022a0601bb"),
                // go-multiaddr TestStringToBytes / TestBytesToString
                Arguments.of("/ip4/127.0.0.1/tcp/4321", "047f0000010610e1"),
                Arguments.of("/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321", "047f000001910204d2047f0000010610e1"),
                // go-multiaddr TestZone
                Arguments.of("/ip6zone/eth0/ip6/::1", "2a046574683029" + "00000000000000000000000000000001"),
                // js-multiaddr
                Arguments.of("/ip4/127.0.0.1/udp/1234/quic-v1", "047f000001910204d2cd03"),
                Arguments.of("/ip6/::1/tcp/4001", "2900000000000000000000000000000001060fa1"),
                Arguments.of("/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/udp/4001/quic-v1/webtransport",
                        "29200108a07ac542013ac986fffe31709591020fa1cd03d103"),
                Arguments.of("/dns4/example.com/tcp/443/wss", "360b6578616d706c652e636f6d0601bbde03"),
                Arguments.of("/dns6/example.com/tcp/443/tls/ws", "370b6578616d706c652e636f6d0601bbc003dd03"),
                Arguments.of("/dns/example.com/tcp/443/https", "350b6578616d706c652e636f6d0601bbbb03"),
                Arguments.of("/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN",
                        "3813626f6f7473747261702e6c69627032702e696fa50322122006b3608aa000274049eb28ad8e793a26ff6fab"
                                + "281a7d3bd77cd18eb745dfaabb"),
                Arguments.of("/ip4/127.0.0.1/tcp/1234/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV"
                                + "/p2p-circuit/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
                        "047f0000010604d2a503260024080112202d3de6d16ae87f7a933fe1552162a2d3f04951e90e8051e4ee2c18f0"
                                + "02dd0fb4a202a503221220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a6891"
                                + "1c0b"),
                Arguments.of("/ip4/1.2.3.4/udp/4001/quic-v1/webtransport"
                                + "/certhash/uEiAkH5a4DPGKUuOBjYw0CgwjvcJCJMD2K_1aluKR_tpevQ"
                                + "/certhash/uEiAfbgiymPP2_nX7Dgir8B4QkksjHp2lVuJZz0F79Be9JA"
                                + "/p2p/12D3KooWBdmLJjhpgJ9KZgLM3f894ff9xyBfPvPjFNn7MKJpyrC2",
                        "040102030491020fa1cd03d103d203221220241f96b80cf18a52e3818d8c340a0c23bdc24224c0f62bfd5a96e2"
                                + "91feda5ebdd2032212201f6e08b298f3f6fe75fb0e08abf01e10924b231e9da556e259cf417bf417bd"
                                + "24a503260024080112201b002d73dc3db78649e1e3717f3dd66edd066afe2c1f861d4b1a638a155a13"
                                + "33"),
                Arguments.of("/ip4/127.0.0.1/udp/1234/webrtc-direct/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFM"
                                + "rvDE8g",
                        "047f000001910204d29802d203221220c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714cae"
                                + "f0c4f2"),
                Arguments.of("/ip6zone/eth0/ip6/fe80::1/tcp/80/http",
                        "2a046574683029fe800000000000000000000000000001060050e003"),
                Arguments.of("/ip4/127.0.0.1/tcp/443/tls/sni/example.com/http",
                        "047f0000010601bbc003c1030b6578616d706c652e636f6de003"),
                Arguments.of("/ip4/127.0.0.1/tcp/4001/noise", "047f000001060fa1c603"),
                Arguments.of("/ip4/255.255.255.255/udp/65535", "04ffffffff9102ffff"),
                Arguments.of("/ip4/0.0.0.0/tcp/0", "0400000000060000"),
                Arguments.of("/ip4/127.0.0.1/tcp/9090/ws", "047f000001062382dd03"),
                Arguments.of("/ip4/127.0.0.1/udp/9090/webrtc-direct", "047f000001910223829802"),
                Arguments.of("/ip4/127.0.0.1/tcp/127/webrtc", "047f00000106007f9902"),
                Arguments.of("/ip4/192.0.2.0/ipcidr/24", "04c00002002b18"),
                Arguments.of("/ip6/2001:db8::/ipcidr/32", "2920010db80000000000000000000000002b20"),
                Arguments.of("/udp/1234/sctp/1234", "910204d2840104d2"),
                Arguments.of("/ip4/1.2.3.4/tcp/80/dccp/99", "0401020304060050210063"),
                Arguments.of("/dns4/bücher.example/tcp/1", "360f62c3bc636865722e6578616d706c65060001"),
                Arguments.of("/p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP/p2p-circuit",
                        "a503221220c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6a202"),
                // unix: js-multiaddr's bytes for /unix/%2Ftmp%2Fp2p.sock etc.; the text is go-multiaddr's path form
                Arguments.of("/unix/tmp/p2p.sock", "90030d2f746d702f7032702e736f636b"),
                Arguments.of("/ip4/127.0.0.1/tcp/1234/unix/a/b/c", "047f0000010604d29003062f612f622f63"),
                Arguments.of("/unix/a/b/c/d/e", "90030a2f612f622f632f642f65"),
                // IPv6 canonical forms (RFC 5952 section 4; js-multiaddr prints the same)
                Arguments.of("/ip6/::", "2900000000000000000000000000000000"),
                Arguments.of("/ip6/1::", "2900010000000000000000000000000000"),
                Arguments.of("/ip6/1:0:0:1::1", "2900010000000000010000000000000001"),
                Arguments.of("/ip6/1::1:0:0:1", "2900010000000000000001000000000001"),
                Arguments.of("/ip6/2001:db8::2:1", "2920010db8000000000000000000020001"),
                Arguments.of("/ip6/2001:db8::1:0:0:1", "2920010db8000000000001000000000001"),
                Arguments.of("/ip6/2001:0:0:1::1", "2920010000000000010000000000000001"),
                Arguments.of("/ip6/2001:db8:0:1:1:1:1:1", "2920010db8000000010001000100010001"),
                Arguments.of("/ip6/1:2:3:4:5:6:7:8", "2900010002000300040005000600070008"),
                Arguments.of("/ip6/1:2:3:4:5:6:7:0", "2900010002000300040005000600070000"),
                Arguments.of("/ip6/0:2:3:4:5:6:7:8", "2900000002000300040005000600070008"),
                Arguments.of("/ip6/::2:0:59c:a24:801/tcp/64142", "2900000000000000020000059c0a24080106fa8e"),
                // IPv4-mapped: go-multiaddr's TestRoundTrip text (RFC 5952 section 5), js-multiaddr's bytes
                Arguments.of("/ip6/::ffff:127.0.0.1/tcp/111", "2900000000000000000000ffff7f00000106006f"));
    }

    @ParameterizedTest
    @MethodSource("canonicalVectors")
    void textAndBytesMatchVectors(String text, String hex) {
        Multiaddr fromText = Multiaddr.parse(text);
        assertEquals(hex, HEX.formatHex(fromText.toBytes()));
        assertEquals(text, fromText.toString());
        Multiaddr fromBytes = Multiaddr.fromBytes(HEX.parseHex(hex));
        assertEquals(text, fromBytes.toString());
        assertEquals(fromText, fromBytes);
        assertEquals(fromText.hashCode(), fromBytes.hashCode());
        assertEquals(hex.length() / 2, fromText.byteLength());
    }

    /** Non-canonical text that parses, and the canonical text it prints as. */
    static Stream<Arguments> normalizedVectors() {
        return Stream.of(
                // go-multiaddr TestIPFSvP2P and TestEqual (trailing slash)
                Arguments.of("/ipfs/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP",
                        "/p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP"),
                Arguments.of("/ip4/127.0.0.1/tcp/1234/", "/ip4/127.0.0.1/tcp/1234"),
                // js-multiaddr "normalize" cases
                Arguments.of("/ip6/0001:08a0:00c5:4201:3ac9:86ff:fe31:0709", "/ip6/1:8a0:c5:4201:3ac9:86ff:fe31:709"),
                Arguments.of("/ip6/0000:0000:0000:0000:0000:0000:0000:0001", "/ip6/::1"),
                Arguments.of("/ip6/::00:0:000:0:001", "/ip6/::1"),
                Arguments.of("/ip6/::101.45.75.219/tcp/9090", "/ip6/::652d:4bdb/tcp/9090"),
                Arguments.of("/ip6/::1.45.5.219/tcp/9090", "/ip6/::12d:5db/tcp/9090"),
                Arguments.of("/ip6/0:00:0000:0002:0000:059c:0a24:0801/tcp/64142", "/ip6/::2:0:59c:a24:801/tcp/64142"),
                Arguments.of("/ip6/FE80::ABCD", "/ip6/fe80::abcd"),
                Arguments.of("/ip6/1:2:3:4:5:6:7::", "/ip6/1:2:3:4:5:6:7:0"),
                Arguments.of("/ip6/::2:3:4:5:6:7:8", "/ip6/0:2:3:4:5:6:7:8"),
                // RFC 5952 section 4.2.3 (first of equal runs) and 4.2.1 (longest run)
                Arguments.of("/ip6/2001:db8:0:0:1:0:0:1", "/ip6/2001:db8::1:0:0:1"),
                Arguments.of("/ip6/2001:0:0:1:0:0:0:1", "/ip6/2001:0:0:1::1"),
                Arguments.of("/ip6/0:0:0:0:0:ffff:7f00:1", "/ip6/::ffff:127.0.0.1"),
                // peer IDs given as CIDs print as base58btc multihashes (bytes identical, per js-multiaddr)
                Arguments.of("/p2p/bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm",
                        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC"),
                Arguments.of("/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7",
                        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC"),
                Arguments.of("/p2p/k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs",
                        "/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV"),
                Arguments.of("/ipfs/bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u",
                        "/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV"),
                // certhash in other multibases prints as base64url (js-multiaddr's output)
                Arguments.of("/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy"
                                + "/certhash/zQmbWTwYGcmdyK9CYfNBcfs9nhZs17a6FQ4Y8oea278xx41",
                        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/u1QEQOFj2IjCsPJFfMAxmQxLGPw"
                                + "/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g"));
    }

    @ParameterizedTest
    @MethodSource("normalizedVectors")
    void nonCanonicalTextNormalizes(String input, String canonical) {
        Multiaddr m = Multiaddr.parse(input);
        assertEquals(canonical, m.toString());
        assertEquals(Multiaddr.parse(canonical), m);
    }

    /** go-multiaddr's TestRoundTrip strings that use protocols Cairn knows: text is printed back unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/unix/a/b/c/d",
        "/ip6/::ffff:127.0.0.1/tcp/111",
        "/ip4/127.0.0.1/tcp/123",
        "/ip4/127.0.0.1/tcp/123/tls",
        "/ip4/127.0.0.1/udp/123",
        "/ip4/127.0.0.1/udp/123/ip6/::",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g",
        "/p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP",
        "/p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP/unix/a/b/c",
    })
    void goRoundTripStrings(String text) {
        Multiaddr m = Multiaddr.parse(text);
        assertEquals(text, m.toString());
        assertEquals(m, Multiaddr.fromBytes(m.toBytes()));
    }

    /** go-multiaddr's "good" list, restricted to the protocols Cairn supports. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4/1.2.3.4", "/ip4/0.0.0.0", "/ip4/192.0.2.0/ipcidr/24", "/ip6/::1",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21", "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic-v1", "/ip6/2001:db8::/ipcidr/32",
        "/ip6zone/x/ip6/fe80::1", "/ip6zone/x%y/ip6/fe80::1", "/ip6zone/x%y/ip6/::",
        "/ip6zone/x/ip6/fe80::1/udp/1234/quic", "/ip6zone/x/ip6/fe80::1/udp/1234/quic-v1",
        "/udp/0", "/tcp/0", "/sctp/0", "/udp/1234", "/tcp/1234", "/sctp/1234", "/udp/65535", "/tcp/65535",
        "/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "/ipfs/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7",
        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7",
        "/p2p/bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm",
        "/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
        "/p2p/k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs",
        "/p2p/bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u",
        "/udp/1234/sctp/1234", "/tcp/1234/http", "/tcp/1234/tls/http", "/tcp/1234/https",
        "/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234",
        "/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7/tcp/1234",
        "/ip4/127.0.0.1/udp/1234", "/ip4/127.0.0.1/udp/0", "/ip4/127.0.0.1/tcp/1234", "/ip4/127.0.0.1/tcp/1234/",
        "/ip4/127.0.0.1/udp/1234/quic", "/ip4/127.0.0.1/udp/1234/quic-v1",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy",
        "/ip4/127.0.0.1/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234",
        "/ip4/127.0.0.1/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7/tcp/1234",
        "/unix/a/b/c/d/e", "/unix/stdio", "/ip4/1.2.3.4/tcp/80/unix/a/b/c/d/e/f",
        "/ip4/127.0.0.1/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234/unix/stdio",
        "/ip4/127.0.0.1/tcp/127/ws", "/ip4/127.0.0.1/tcp/127/tls", "/ip4/127.0.0.1/tcp/127/tls/ws",
        "/ip4/127.0.0.1/tcp/127/noise", "/ip4/127.0.0.1/tcp/127/wss", "/ip4/127.0.0.1/tcp/127/webrtc-direct",
        "/ip4/127.0.0.1/tcp/127/webrtc",
    })
    void goGoodAddressesParse(String text) {
        Multiaddr m = Multiaddr.parse(text);
        assertEquals(m, Multiaddr.parse(m.toString()));
        assertEquals(m, Multiaddr.fromBytes(m.toBytes()));
    }

    /** go-multiaddr's TestConstructFails (Cairn's protocols) plus Cairn's stricter canonical-text rules. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4", "/ip4/::1", "/ip4/fdpsofodsajfdoisa", "/ip4/::/ipcidr/256", "/ip6/::/ipcidr/1026", "/ip6",
        "/ip6zone", "/ip6zone/", "/ip6zone//ip6/fe80::1", "/udp", "/tcp", "/sctp", "/udp/65536", "/tcp/65536",
        "/quic/65536", "/quic-v1/65536", "/udp/1234/sctp", "/ip4/127.0.0.1/udp/jfodsajfidosajfoidsa",
        "/ip4/127.0.0.1/udp", "/ip4/127.0.0.1/tcp/jfodsajfidosajfoidsa", "/ip4/127.0.0.1/tcp",
        "/ip4/127.0.0.1/quic/1234", "/ip4/127.0.0.1/quic-v1/1234",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmp",
        "/ip4/127.0.0.1/ipfs", "/ip4/127.0.0.1/ipfs/tcp", "/ip4/127.0.0.1/p2p", "/ip4/127.0.0.1/p2p/tcp",
        "/unix", "/ip4/1.2.3.4/tcp/80/unix", "/ip4/1.2.3.4/tcp/-1", "/ip4/127.0.0.1/tcp/9090/http/p2p-webcrt-direct",
        "/", "", "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY",
        // go-multiaddr TestInvalidP2PAddrString
        "/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl-", "/p2p/?unknownmultibase",
        "/p2p/k2jmtxwoe2phm1hbqp0e7nufqf6umvuu2e9qd7ana7h411a0haqj6i2z",
        // ip4 must be four canonical decimal octets
        "/ip4/01.2.3.4", "/ip4/1.2.3", "/ip4/1.2.3.4.5", "/ip4/256.1.1.1", "/ip4/1.2.3.04", "/ip4/+1.2.3.4",
        "/ip4/1.2.3.4 ", "/ip4/1..2.3", "/ip4/0x7f.0.0.1", "/ip4/\u0661.2.3.4", "/ip4/localhost",
        // ip6 text must be RFC 4291 without zones, and not IPv4 text
        "/ip6/1.2.3.4", "/ip6/:::", "/ip6/1:::2", "/ip6/1::2::3", "/ip6/12345::", "/ip6/fe80::1%eth0",
        "/ip6/1:2:3:4:5:6:7:8:9", "/ip6/1:2:3:4:5:6:7", "/ip6/1:2:3:4:5:6:7:8::", "/ip6/::1:2:3:4:5:6:7:8",
        "/ip6/:1::", "/ip6/1::2:", "/ip6/g::", "/ip6/1.2.3.4::", "/ip6/::1.2.3", "/ip6/::01.2.3.4",
        "/ip6/1:2:3:4:5:6:7:1.2.3.4", "/ip6/\uff11::",
        // ports: canonical decimal only
        "/tcp/080", "/tcp/+80", "/tcp/8 0", "/udp/", "/tcp/99999", "/ipcidr/033",
        // names: no empty values; unknown or empty protocol names
        "/dns4//tcp/1", "/dns4", "ip4/1.2.3.4", "/ip4/1.2.3.4//tcp/1", "/foo/bar", "//ip4/1.2.3.4",
        "/ip4/1.2.3.4/tcp/1/ws/x",
        // unix paths may not end with '/' (trailing slashes are trimmed, leaving nothing) and must be last
        "/unix/", "/unix//",
        // a lone surrogate cannot be encoded as UTF-8
        "/dns/a\ud800b",
    })
    void invalidTextIsRejected(String text) {
        assertThrows(MultiaddrFormatException.class, () -> Multiaddr.parse(text));
    }

    /**
     * Base58/base36 decode and encode in quadratic time, so peer IDs and certhashes are capped far above real sizes:
     * a long value must fail fast instead of stalling the parser.
     */
    @Test
    void longValuesAreRejectedQuickly() {
        String longPeer = "/p2p/1" + "2".repeat(200_000);
        String longCert = "/certhash/z" + "2".repeat(200_000);
        long start = System.nanoTime();
        assertThrows(MultiaddrFormatException.class, () -> Multiaddr.parse(longPeer));
        assertThrows(MultiaddrFormatException.class, () -> Multiaddr.parse(longCert));
        // an identity peer ID above 128 bytes, and a certhash above 512 bytes, from the binary form
        byte[] id = Multihash.of(0x00, new byte[129]).toBytes();
        byte[] p2p = Multiaddr.of(Component.p2p(PeerId.fromMultihash(Multihash.of(0x00, new byte[128])))).toBytes();
        assertEquals(128, Multiaddr.fromBytes(p2p).peerId().orElseThrow().multihash().digestLength());
        assertThrows(MultiaddrFormatException.class, () -> Component.ofRaw(Protocol.P2P, id));
        byte[] bigCert = Multihash.of(0x12, new byte[600]).toBytes();
        assertThrows(MultiaddrFormatException.class, () -> Component.ofRaw(Protocol.CERTHASH, bigCert));
        byte[] bigId = Multihash.of(0x00, new byte[100_000]).toBytes();
        byte[] wire = new byte[Varint.size(Protocol.P2P.code()) + Varint.size(bigId.length) + bigId.length];
        int o = Varint.write(Protocol.P2P.code(), wire, 0);
        o = Varint.write(bigId.length, wire, o);
        System.arraycopy(bigId, 0, wire, o, bigId.length);
        assertThrows(MultiaddrFormatException.class, () -> Multiaddr.fromBytes(wire));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "rejecting long values must not take seconds");
    }

    @Test
    void nullTextIsRejected() {
        assertThrows(MultiaddrFormatException.class, () -> Multiaddr.parse(null));
    }

    /** A p2p CID with a codec other than libp2p-key (go-multiaddr builds one with the md5 code). */
    @Test
    void peerIdCidMustHaveLibp2pKeyCodec() {
        // bafzbeigvf25... (libp2p-key, sha2-256) re-encoded as raw (0x55) with the same multihash
        String rawCid = Cid.v1(Multicodec.RAW,
                Multiaddr.parse("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC").peerId().orElseThrow()
                        .multihash())
                .toString();
        assertThrows(MultiaddrFormatException.class, () -> Multiaddr.parse("/p2p/" + rawCid));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", // empty
        "04", "047f00", "047f0000010601", // truncated fixed-size values
        "80", "8080", "04ffffffff91", // truncated varint code
        "7f", "ff01", "0b0000", // unknown codes (127, 255, 11)
        "8400", // non-minimal varint code for 4
        "35", "3580", "3500", "3505616263", // dns: missing, truncated or zero length prefix, truncated value
        "35ffffffffffffffff7f", "35ffffffffffffff7f6162", // hostile length prefixes (2^63-1, 2^56-1)
        "35ffffffffffffffffff01", // 10-byte varint
        // go-multiaddr TestInvalidP2PAddrBytes: sha2-256 multihash with a 33-byte digest length
        "a503221221c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6",
        "a503031101ff", // p2p with an sha1 multihash
        "a50322122011", // p2p value truncated
        "a50303122011", // p2p multihash truncated inside a complete value
        "d2030100", // certhash whose multihash is truncated
        "9003022f61047f000001", // a component after a unix path
        "9003012f", "9003032f612f", "9003026162", // unix paths "/", "/a/", "ab"
        "3501ff", "3502c328", "3503eda080", // dns names that are not UTF-8 (incl. an encoded surrogate)
        "35012f", // dns name "/"
        "a202aa", // p2p-circuit followed by garbage code 0xaa (truncated varint)
    })
    void invalidBytesAreRejected(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThrows(MultiaddrFormatException.class, () -> Multiaddr.fromBytes(bytes));
    }

    /** go-multiaddr TestDNS: a dns6 name of 42 '0' characters from arbitrary-looking bytes round-trips. */
    @Test
    void goDnsBytesRoundTrip() {
        byte[] b = "7*000000000000000000000000000000000000000000".getBytes(StandardCharsets.US_ASCII);
        Multiaddr a = Multiaddr.fromBytes(b);
        assertEquals("/dns6/000000000000000000000000000000000000000000", a.toString());
        assertEquals(a, Multiaddr.parse(a.toString()));
        assertArrayEquals(b, a.toBytes());
    }

    /** multiformats/multiaddr protocols.csv rows (code, size in bits with -1 for V, name) for every protocol. */
    @ParameterizedTest
    @CsvSource({
        "4, 32, ip4", "6, 16, tcp", "273, 16, udp", "33, 16, dccp", "41, 128, ip6", "42, -1, ip6zone",
        "43, 8, ipcidr", "53, -1, dns", "54, -1, dns4", "55, -1, dns6", "56, -1, dnsaddr", "132, 16, sctp",
        "400, -1, unix", "421, -1, p2p", "448, 0, tls", "449, -1, sni", "454, 0, noise", "460, 0, quic",
        "461, 0, quic-v1", "465, 0, webtransport", "466, -1, certhash", "480, 0, http", "443, 0, https",
        "477, 0, ws", "478, 0, wss", "280, 0, webrtc-direct", "281, 0, webrtc", "290, 0, p2p-circuit",
    })
    void protocolTableMatchesProtocolsCsv(long code, int sizeBits, String name) {
        Protocol p = Protocol.forName(name).orElseThrow();
        assertEquals(code, p.code());
        assertEquals(name, p.protocolName());
        assertEquals(p, Protocol.forCode(code).orElseThrow());
        assertEquals(sizeBits != 0, p.hasValue());
        assertEquals(sizeBits < 0, p.isVariableLength());
        assertEquals(sizeBits < 0 ? -1 : sizeBits / 8, p.fixedValueLength());
    }

    @Test
    void everyProtocolIsInTheTable() {
        assertEquals(28, Protocol.values().length);
    }

    @Test
    void componentsExposeProtocolsAndValues() {
        Multiaddr m = Multiaddr.parse(
                "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV");
        List<Component> cs = m.components();
        assertEquals(List.of(Protocol.IP4, Protocol.TCP, Protocol.P2P), m.protocols());
        assertEquals("127.0.0.1", cs.get(0).value());
        assertArrayEquals(new byte[] {127, 0, 0, 1}, cs.get(0).rawValue());
        assertEquals("/tcp/4001", cs.get(1).toString());
        assertEquals("060fa1", HEX.formatHex(cs.get(1).toBytes()));
        assertEquals(4, Protocol.IP4.code());
        assertEquals(421, Protocol.P2P.code());
        assertEquals(Optional.of(Protocol.P2P), Protocol.forName("ipfs"));
        assertEquals(Optional.of(Protocol.QUIC_V1), Protocol.forCode(461));
        assertEquals(Optional.empty(), Protocol.forCode(777));
        assertThrows(UnsupportedOperationException.class, () -> cs.add(Component.of(Protocol.WS)));
    }

    /** go-multiaddr TestGetValue, with Cairn's protocols. */
    @Test
    void valueForReturnsFirstValue() {
        Multiaddr a = Multiaddr.parse(
                "/ip4/127.0.0.1/tcp/5555/udp/1234/tls/ipfs/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP");
        assertEquals(Optional.of("127.0.0.1"), a.valueFor(Protocol.IP4));
        assertEquals(Optional.of(""), a.valueFor(Protocol.TLS));
        assertEquals(Optional.of("5555"), a.valueFor(Protocol.TCP));
        assertEquals(Optional.of("1234"), a.valueFor(Protocol.UDP));
        assertEquals(Optional.of("QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP"), a.valueFor(Protocol.P2P));
        assertEquals(Optional.empty(), a.valueFor(Protocol.IP6));
        assertEquals(Optional.of("0.0.0.0"), Multiaddr.parse("/ip4/0.0.0.0/ip4/0.0.0.0").valueFor(Protocol.IP4));
        Multiaddr unix = Multiaddr.parse("/ip4/0.0.0.0/unix/a/b/c/d");
        assertEquals(Optional.of("/a/b/c/d"), unix.valueFor(Protocol.UNIX));
        assertTrue(a.has(Protocol.TLS));
        assertFalse(a.has(Protocol.QUIC));
    }

    /** go-multiaddr TestEncapsulate and TestDecapsulate. */
    @Test
    void encapsulateAndDecapsulate() {
        Multiaddr m = Multiaddr.parse("/ip4/127.0.0.1/udp/1234");
        Multiaddr b = m.encapsulate(Multiaddr.parse("/udp/5678"));
        assertEquals("/ip4/127.0.0.1/udp/1234/udp/5678", b.toString());
        Multiaddr c = b.decapsulate(Multiaddr.parse("/udp/5678"));
        assertEquals("/ip4/127.0.0.1/udp/1234", c.toString());
        assertSame(Multiaddr.EMPTY, c.decapsulate(Multiaddr.parse("/ip4/127.0.0.1")));
        assertEquals(m, Multiaddr.EMPTY.encapsulate(m));
        assertEquals(m, m.encapsulate(Multiaddr.EMPTY));
        assertEquals(m, m.decapsulate(Multiaddr.EMPTY));
        assertEquals("/", Multiaddr.EMPTY.toString());
        assertEquals(0, Multiaddr.EMPTY.byteLength());
    }

    static Stream<Arguments> decapsulateCases() {
        return Stream.of(
                Arguments.of("/ip4/1.2.3.4/tcp/1234", "/ip4/1.2.3.4", ""),
                Arguments.of("/ip4/1.2.3.4", "/ip4/1.2.3.4/tcp/1234", "/ip4/1.2.3.4"),
                Arguments.of("/ip4/1.2.3.5/tcp/1234", "/ip4/5.3.2.1", "/ip4/1.2.3.5/tcp/1234"),
                Arguments.of("/ip4/1.2.3.5/udp/1234/quic-v1", "/udp/1234", "/ip4/1.2.3.5"),
                Arguments.of("/ip4/1.2.3.6/udp/1234/quic-v1", "/udp/1234/quic-v1", "/ip4/1.2.3.6"),
                Arguments.of("/ip4/1.2.3.7/tcp/1234", "/ws", "/ip4/1.2.3.7/tcp/1234"),
                Arguments.of("/dnsaddr/wss.com/tcp/4001", "/ws", "/dnsaddr/wss.com/tcp/4001"),
                Arguments.of("/dnsaddr/wss.com/tcp/4001/ws", "/wss", "/dnsaddr/wss.com/tcp/4001/ws"),
                Arguments.of("/dnsaddr/wss.com/ws", "/wss", "/dnsaddr/wss.com/ws"),
                Arguments.of("/dnsaddr/wss.com/ws", "/dnsaddr/wss.com", ""),
                Arguments.of("/dnsaddr/wss.com/tcp/4001/wss", "/wss", "/dnsaddr/wss.com/tcp/4001"),
                Arguments.of("/ip4/1.2.3.4/tcp/80", "/udp/80", "/ip4/1.2.3.4/tcp/80"),
                // the last occurrence is removed
                Arguments.of("/ip4/1.2.3.4/tcp/1/ip4/1.2.3.4/tcp/1/ws", "/ip4/1.2.3.4/tcp/1", "/ip4/1.2.3.4/tcp/1"));
    }

    @ParameterizedTest
    @MethodSource("decapsulateCases")
    void decapsulateFollowsGoMultiaddr(String left, String right, String expected) {
        Multiaddr result = Multiaddr.parse(left).decapsulate(Multiaddr.parse(right));
        if (expected.isEmpty()) {
            assertTrue(result.isEmpty());
        } else {
            assertEquals(Multiaddr.parse(expected), result);
        }
    }

    @Test
    void decapsulateProtocolRemovesLastOccurrence() {
        Multiaddr relayed = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC"
                + "/p2p-circuit/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV");
        assertEquals(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC"
                + "/p2p-circuit"), relayed.decapsulate(Protocol.P2P));
        assertEquals(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC"),
                relayed.decapsulate(Protocol.P2P_CIRCUIT));
        assertSame(relayed, relayed.decapsulate(Protocol.QUIC));
        assertTrue(relayed.decapsulate(Protocol.IP4).isEmpty());
        // the peer ID of a relayed address is the far end's
        assertEquals("12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
                relayed.peerId().orElseThrow().toString());
        assertEquals(Optional.empty(), Multiaddr.parse("/ip4/1.2.3.4/tcp/1").peerId());
    }

    @Test
    void pathComponentMustBeLast() {
        Component unix = Component.of(Protocol.UNIX, "/tmp/sock");
        assertEquals("/unix/tmp/sock", Multiaddr.of(unix).toString());
        assertThrows(MultiaddrFormatException.class, () -> Multiaddr.of(unix, Component.of(Protocol.WS)));
        assertThrows(MultiaddrFormatException.class, () -> Multiaddr.of(unix).encapsulate("/ws"));
        // in text, everything after /unix is the path
        assertEquals(Optional.of("/tmp/sock/ws"), Multiaddr.parse("/unix/tmp/sock/ws").valueFor(Protocol.UNIX));
    }

    @Test
    void componentFactoriesValidate() {
        assertEquals("/tcp/4001", Component.of(Protocol.TCP, "4001").toString());
        assertEquals("/ip4/10.0.0.1", Component.ofRaw(Protocol.IP4, new byte[] {10, 0, 0, 1}).toString());
        assertThrows(MultiaddrFormatException.class, () -> Component.ofRaw(Protocol.IP4, new byte[3]));
        assertThrows(MultiaddrFormatException.class, () -> Component.ofRaw(Protocol.DNS, new byte[0]));
        assertThrows(MultiaddrFormatException.class, () -> Component.of(Protocol.WS, "x"));
        assertThrows(IllegalArgumentException.class, () -> Component.of(Protocol.TCP));
        PeerId peer = PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
        assertEquals("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC", Component.p2p(peer).toString());
        assertEquals(Component.of(Protocol.TCP, "80"), Component.ofRaw(Protocol.TCP, new byte[] {0, 80}));
        assertNotEquals(Component.of(Protocol.TCP, "80"), Component.of(Protocol.UDP, "80"));
    }

    @Test
    void socketAddressesNeverResolveNames() throws Exception {
        Multiaddr tcp = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
        InetSocketAddress sa = tcp.toSocketAddress().orElseThrow();
        assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), sa.getAddress());
        assertEquals(4001, sa.getPort());
        assertEquals(OptionalInt.of(4001), tcp.tcpPort());
        assertEquals(OptionalInt.empty(), tcp.udpPort());

        Multiaddr udp6 = Multiaddr.parse("/ip6/::1/udp/4001/quic-v1");
        assertEquals(new InetSocketAddress(InetAddress.getByAddress(HEX.parseHex("00000000000000000000000000000001")),
                4001), udp6.toSocketAddress().orElseThrow());
        assertEquals(OptionalInt.of(4001), udp6.udpPort());

        Multiaddr zoned = Multiaddr.parse("/ip6zone/eth0/ip6/fe80::1/tcp/80");
        assertEquals(80, zoned.toSocketAddress().orElseThrow().getPort());
        assertEquals(Optional.of("eth0"), zoned.valueFor(Protocol.IP6ZONE));

        // an IPv4-mapped ip6 value comes back as an Inet4Address, as InetAddress.getByAddress makes it
        assertTrue(Multiaddr.parse("/ip6/::ffff:10.1.2.3").ipAddress().orElseThrow() instanceof Inet4Address);

        assertEquals(Optional.empty(), Multiaddr.parse("/dns4/localhost/tcp/80").toSocketAddress());
        assertEquals(Optional.empty(), Multiaddr.parse("/dns4/localhost/tcp/80").ipAddress());
        assertEquals(Optional.empty(), Multiaddr.parse("/ip4/1.2.3.4").toSocketAddress());
        assertEquals(Optional.empty(), Multiaddr.parse("/ip4/1.2.3.4/ws/tcp/1").toSocketAddress());
    }

    @Test
    void fromSocketAddress() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 4001);
        assertEquals("/ip4/127.0.0.1/tcp/4001", Multiaddr.fromSocketAddress(v4, Protocol.TCP).toString());
        InetSocketAddress v6 = new InetSocketAddress(
                InetAddress.getByAddress(HEX.parseHex("20010db8000000000000000000000001")), 443);
        assertEquals("/ip6/2001:db8::1/udp/443", Multiaddr.fromSocketAddress(v6, Protocol.UDP).toString());
        InetSocketAddress scoped = new InetSocketAddress(Inet6Address.getByAddress(null,
                HEX.parseHex("fe800000000000000000000000000001"), 3), 80);
        assertEquals("/ip6zone/3/ip6/fe80::1/tcp/80", Multiaddr.fromSocketAddress(scoped, Protocol.TCP).toString());
        assertThrows(IllegalArgumentException.class,
                () -> Multiaddr.fromSocketAddress(InetSocketAddress.createUnresolved("example.com", 80), Protocol.TCP));
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.fromSocketAddress(v4, Protocol.WS));
    }

    @Test
    void equalityAndOrderFollowBytes() {
        Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/udp/1234");
        Multiaddr b = Multiaddr.parse("/ip4/127.0.0.1/tcp/1234");
        Multiaddr c = Multiaddr.parse("/ip4/127.0.0.1/tcp/1234/");
        assertNotEquals(a, b);
        assertEquals(b, c);
        // tcp (0x06) sorts before udp (0x91 0x02)
        assertTrue(b.compareTo(a) < 0);
        assertEquals(0, b.compareTo(c));
        byte[] bytes = b.toBytes();
        bytes[0] = 0;
        assertEquals("047f0000010604d2", HEX.formatHex(b.toBytes()), "toBytes returns a copy");
    }
}
