package io.cairn.core.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Round trips for generated multiaddrs, and the typed-error guarantee for arbitrary and mutated input: whatever
 * {@link Multiaddr#parse} or {@link Multiaddr#fromBytes} accepts must round-trip, and everything else must raise
 * {@link MultiaddrFormatException} and nothing else.
 */
class MultiaddrProperties {

    @Property
    void textRoundTrip(@ForAll("multiaddrs") Multiaddr m) {
        Multiaddr parsed = Multiaddr.parse(m.toString());
        assertEquals(m, parsed);
        assertEquals(m.toString(), parsed.toString());
    }

    @Property
    void binaryRoundTrip(@ForAll("multiaddrs") Multiaddr m) {
        Multiaddr decoded = Multiaddr.fromBytes(m.toBytes());
        assertEquals(m, decoded);
        assertArrayEquals(m.toBytes(), decoded.toBytes());
        assertEquals(m.toString(), decoded.toString());
        assertEquals(m.hashCode(), decoded.hashCode());
    }

    @Property
    void componentsRebuildTheAddress(@ForAll("multiaddrs") Multiaddr m) {
        assertEquals(m, Multiaddr.of(m.components()));
        for (Component c : m.components()) {
            Component again = c.protocol().hasValue() ? Component.of(c.protocol(), c.value())
                    : Component.of(c.protocol());
            assertEquals(c, again);
            assertEquals(c, Component.ofRaw(c.protocol(), c.rawValue()));
        }
    }

    @Property
    void decapsulateUndoesEncapsulate(@ForAll("openMultiaddrs") Multiaddr a, @ForAll("multiaddrs") Multiaddr b) {
        Multiaddr joined = a.encapsulate(b);
        assertEquals(a.isEmpty() ? b.toString() : a.toString() + b.toString(), joined.toString());
        assertEquals(a, joined.decapsulate(b));
        assertEquals(joined, Multiaddr.parse(joined.toString()));
    }

    @Property(tries = 2000)
    void arbitraryBytesRaiseOnlyTypedErrors(@ForAll @Size(max = 64) byte[] bytes) {
        checkBytes(bytes);
    }

    @Property(tries = 2000)
    void mutatedEncodingsRaiseOnlyTypedErrors(@ForAll("multiaddrs") Multiaddr m, @ForAll("mutations") Mutation mut) {
        checkBytes(mut.apply(m.toBytes()));
    }

    @Property(tries = 2000)
    void arbitraryStringsRaiseOnlyTypedErrors(@ForAll String text) {
        checkText(text);
        checkText("/" + text);
    }

    @Property(tries = 2000)
    void tokenStringsRaiseOnlyTypedErrors(@ForAll("tokenStrings") String text) {
        checkText(text);
    }

    @Property(tries = 1000)
    void mutatedTextRaisesOnlyTypedErrors(@ForAll("multiaddrs") Multiaddr m, @ForAll("mutations") Mutation mut) {
        byte[] utf8 = mut.apply(m.toString().getBytes(StandardCharsets.UTF_8));
        checkText(new String(utf8, StandardCharsets.UTF_8));
    }

    private static void checkBytes(byte[] bytes) {
        Optional<Multiaddr> m = typed(() -> Multiaddr.fromBytes(bytes));
        Statistics.label("accepted").collect(m.isPresent());
        m.ifPresent(a -> {
            assertArrayEquals(bytes, a.toBytes());
            assertEquals(a, Multiaddr.parse(a.toString()));
        });
    }

    private static void checkText(String text) {
        Optional<Multiaddr> m = typed(() -> Multiaddr.parse(text));
        Statistics.label("accepted").collect(m.isPresent());
        m.ifPresent(a -> {
            assertEquals(a, Multiaddr.parse(a.toString()));
            assertEquals(a, Multiaddr.fromBytes(a.toBytes()));
        });
    }

    /** The value, or empty when the parser raised its typed error; any other exception fails the property. */
    private static Optional<Multiaddr> typed(Supplier<Multiaddr> parse) {
        try {
            return Optional.of(parse.get());
        } catch (MultiaddrFormatException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
            return Optional.empty();
        }
    }

    // ---- generators

    @Provide
    Arbitrary<Multiaddr> multiaddrs() {
        return Combinators.combine(openComponents(), unixPaths().optional(0.2))
                .as((list, unix) -> {
                    List<Component> all = new ArrayList<>(list);
                    unix.ifPresent(all::add);
                    return all;
                })
                .filter(l -> !l.isEmpty())
                .map(Multiaddr::of);
    }

    /** Multiaddrs that can be encapsulated further: no trailing path component. */
    @Provide
    Arbitrary<Multiaddr> openMultiaddrs() {
        return openComponents().map(Multiaddr::of);
    }

    private Arbitrary<List<Component>> openComponents() {
        return Arbitraries.oneOf(List.of(
                ip4(), ip6(), ports(Protocol.TCP), ports(Protocol.UDP), ports(Protocol.SCTP), ports(Protocol.DCCP),
                names(Protocol.DNS), names(Protocol.DNS4), names(Protocol.DNS6), names(Protocol.DNSADDR),
                names(Protocol.SNI), names(Protocol.IP6ZONE), peerIds(), certhashes(), cidrs(), valueless()))
                .list().ofMaxSize(6);
    }

    private Arbitrary<Component> ip4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> Component.ofRaw(Protocol.IP4, b));
    }

    /** IPv6 with many zero groups (to exercise "::" placement) and IPv4-mapped addresses. */
    private Arbitrary<Component> ip6() {
        Arbitrary<Integer> word = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<byte[]> general = word.list().ofSize(8).map(ws -> {
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[2 * i] = (byte) (ws.get(i) >>> 8);
                b[2 * i + 1] = (byte) (int) ws.get(i);
            }
            return b;
        });
        Arbitrary<byte[]> mapped = Arbitraries.bytes().array(byte[].class).ofSize(4).map(v4 -> {
            byte[] b = new byte[16];
            b[10] = (byte) 0xFF;
            b[11] = (byte) 0xFF;
            System.arraycopy(v4, 0, b, 12, 4);
            return b;
        });
        return Arbitraries.oneOf(general, mapped, Arbitraries.bytes().array(byte[].class).ofSize(16))
                .map(b -> Component.ofRaw(Protocol.IP6, b));
    }

    private Arbitrary<Component> ports(Protocol p) {
        return Arbitraries.integers().between(0, 65535).map(n -> Component.of(p, Integer.toString(n)));
    }

    private Arbitrary<Component> cidrs() {
        return Arbitraries.integers().between(0, 255).map(n -> Component.of(Protocol.IPCIDR, Integer.toString(n)));
    }

    private Arbitrary<Component> names(Protocol p) {
        return wellFormed(1, 24).filter(s -> s.indexOf('/') < 0).map(s -> Component.of(p, s));
    }

    private Arbitrary<Component> peerIds() {
        Arbitrary<Multihash> sha = Arbitraries.bytes().array(byte[].class).ofSize(32)
                .map(d -> Multihash.of(0x12, d));
        Arbitrary<Multihash> identity = Arbitraries.bytes().array(byte[].class).ofMaxSize(48)
                .map(d -> Multihash.of(0x00, d));
        return Arbitraries.oneOf(sha, identity).map(mh -> Component.p2p(PeerId.fromMultihash(mh)));
    }

    private Arbitrary<Component> certhashes() {
        return Combinators.combine(Arbitraries.longs().between(0, 1L << 40),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(48))
                .as((code, digest) -> Component.ofRaw(Protocol.CERTHASH, Multihash.of(code, digest).toBytes()));
    }

    private Arbitrary<Component> valueless() {
        return Arbitraries.of(Arrays.stream(Protocol.values()).filter(p -> !p.hasValue()).toList())
                .map(Component::of);
    }

    private Arbitrary<Component> unixPaths() {
        return wellFormed(0, 8).filter(s -> s.indexOf('/') < 0).list().ofMinSize(1).ofMaxSize(4)
                .map(segments -> "/" + String.join("/", segments))
                .filter(p -> p.length() >= 2 && !p.endsWith("/"))
                .map(p -> Component.of(Protocol.UNIX, p));
    }

    /** Strings that UTF-8 can encode (no lone surrogates), mixing ASCII with wider characters. */
    private static Arbitrary<String> wellFormed(int min, int max) {
        return Arbitraries.strings()
                .withCharRange(' ', '~').withCharRange('\u00a0', '\u07ff').withChars("%:.\u6f22\ud83d\ude00")
                .ofMinLength(min).ofMaxLength(max)
                .filter(s -> StandardCharsets.UTF_8.newEncoder().canEncode(s));
    }

    /** Slash-separated sequences of protocol names and plausible values, to get past the first checks. */
    @Provide
    Arbitrary<String> tokenStrings() {
        List<String> names = new ArrayList<>(List.of("ipfs", "", "foo"));
        for (Protocol p : Protocol.values()) {
            names.add(p.protocolName());
        }
        Arbitrary<String> token = Arbitraries.oneOf(List.of(
                Arbitraries.of(names),
                Arbitraries.of("127.0.0.1", "::1", "1::", "::ffff:1.2.3.4", "0", "65535", "65536", "01", "-1",
                        "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
                        "12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
                        "bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm",
                        "k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs",
                        "uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g", "zQm", "k", "b", "f00", "example.com"),
                Arbitraries.strings().ofMaxLength(12)));
        return token.list().ofMaxSize(8).map(ts -> "/" + String.join("/", ts));
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, 1 << 16);
        Arbitrary<Byte> b = Arbitraries.bytes();
        return Arbitraries.oneOf(List.of(
                pos.map(p -> bytes -> Arrays.copyOf(bytes, p % (bytes.length + 1))),
                Combinators.combine(pos, b).as((p, x) -> bytes -> {
                    byte[] out = bytes.clone();
                    if (out.length > 0) {
                        out[p % out.length] ^= (byte) (x == 0 ? 1 : x);
                    }
                    return out;
                }),
                Combinators.combine(pos, b).as((p, x) -> bytes -> {
                    int at = p % (bytes.length + 1);
                    byte[] out = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, out, 0, at);
                    out[at] = x;
                    System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
                    return out;
                }),
                pos.map(p -> bytes -> {
                    if (bytes.length == 0) {
                        return bytes;
                    }
                    int at = p % bytes.length;
                    byte[] out = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, out, 0, at);
                    System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
                    return out;
                })));
    }

    /** One small damage to an encoding: truncation, a flipped byte, an inserted byte or a removed byte. */
    interface Mutation {
        byte[] apply(byte[] bytes);
    }
}
