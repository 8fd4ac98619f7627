package io.cairn.core.multiaddr;

import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.core.multiformats.Varint;
import io.cairn.core.multiformats.VarintFormatException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A multiaddr: a sequence of {@link Component}s such as {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}, read left
 * to right as successive encapsulations. Immutable; equality, hashing and ordering are over the binary form, so the
 * text forms that parse to the same bytes ({@code /ipfs/} for {@code /p2p/}, a peer ID as a CID, an uncompressed
 * IPv6 address) name the same multiaddr, and {@link #toString()} prints the one canonical text.
 *
 * <p>Invariants: every component is valid for its protocol, and a path component ({@code unix}) can only be last.
 * {@link #parse} and {@link #fromBytes} reject the empty multiaddr, as go-multiaddr does; {@link #EMPTY} only
 * arises from building and decapsulating. Nothing here resolves a name: {@code dns*} values are carried as text.
 */
public final class Multiaddr implements Comparable<Multiaddr> {
    /** The multiaddr with no components; it prints as {@code /} and encodes to no bytes. */
    public static final Multiaddr EMPTY = new Multiaddr(List.of());

    private final List<Component> components;
    private final byte[] bytes;
    private final String text;
    private final int hash;

    private Multiaddr(List<Component> components) {
        this.components = components;
        int length = 0;
        StringBuilder sb = new StringBuilder();
        for (Component c : components) {
            length += c.byteLength();
            sb.append(c);
        }
        byte[] b = new byte[length];
        int o = 0;
        for (Component c : components) {
            o = c.writeTo(b, o);
        }
        this.bytes = b;
        this.text = components.isEmpty() ? "/" : sb.toString();
        this.hash = Arrays.hashCode(b);
    }

    /** The multiaddr made of {@code components}, in order; a {@code unix} component may only come last. */
    public static Multiaddr of(List<Component> components) {
        List<Component> list = List.copyOf(components);
        for (int i = 0; i < list.size() - 1; i++) {
            if (list.get(i).protocol().isPath()) {
                throw new MultiaddrFormatException("no component may follow the path component " + list.get(i));
            }
        }
        return list.isEmpty() ? EMPTY : new Multiaddr(list);
    }

    public static Multiaddr of(Component... components) {
        return of(Arrays.asList(components));
    }

    /**
     * Parses the text form, e.g. {@code /ip4/127.0.0.1/tcp/4001}. Trailing slashes are ignored and {@code ipfs} is
     * read as {@code p2p}; anything malformed raises {@link MultiaddrFormatException}.
     */
    public static Multiaddr parse(String text) {
        if (text == null) {
            throw new MultiaddrFormatException("null multiaddr");
        }
        if (!text.startsWith("/")) {
            throw new MultiaddrFormatException("multiaddr " + MultiaddrFormatException.quote(text)
                    + " must begin with '/'");
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            throw new MultiaddrFormatException("empty multiaddr");
        }
        String s = text.substring(0, end);
        List<Component> out = new ArrayList<>();
        int pos = 1;
        while (pos <= s.length()) {
            int next = nextSlash(s, pos);
            String name = s.substring(pos, next);
            Protocol p = Protocol.forName(name).orElseThrow(() -> new MultiaddrFormatException(
                    "unknown protocol " + MultiaddrFormatException.quote(name) + " in multiaddr "
                            + MultiaddrFormatException.quote(text)));
            pos = next + 1;
            if (!p.hasValue()) {
                out.add(Component.of(p));
                continue;
            }
            if (pos > s.length()) {
                throw new MultiaddrFormatException("missing value for " + p + " in multiaddr "
                        + MultiaddrFormatException.quote(text));
            }
            String value;
            if (p.isPath()) {
                value = s.substring(pos - 1);
                pos = s.length() + 1;
            } else {
                next = nextSlash(s, pos);
                value = s.substring(pos, next);
                pos = next + 1;
            }
            out.add(Component.of(p, value));
        }
        return new Multiaddr(List.copyOf(out));
    }

    private static int nextSlash(String s, int from) {
        int i = s.indexOf('/', from);
        return i < 0 ? s.length() : i;
    }

    /**
     * Parses the binary form: components {@code varint(code) [varint(length)] value} back to back, filling all of
     * {@code bytes}. Unknown codes, truncated values, bad length prefixes and invalid values raise
     * {@link MultiaddrFormatException}.
     */
    public static Multiaddr fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MultiaddrFormatException("empty multiaddr");
        }
        List<Component> out = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.length) {
            if (!out.isEmpty() && out.get(out.size() - 1).protocol().isPath()) {
                throw new MultiaddrFormatException("no component may follow the path component "
                        + out.get(out.size() - 1));
            }
            try {
                long code = Varint.decode(bytes, pos);
                pos += Varint.size(code);
                Protocol p = Protocol.forCode(code).orElseThrow(
                        () -> new MultiaddrFormatException("unknown multiaddr protocol code " + code));
                long length = p.fixedValueLength();
                if (p.isVariableLength()) {
                    length = Varint.decode(bytes, pos);
                    pos += Varint.size(length);
                }
                if (length > bytes.length - pos) {
                    throw new MultiaddrFormatException(p + " value of " + length + " bytes is truncated to "
                            + (bytes.length - pos));
                }
                byte[] value = Arrays.copyOfRange(bytes, pos, pos + (int) length);
                pos += (int) length;
                out.add(Component.fromRaw(p, value));
            } catch (VarintFormatException e) {
                throw new MultiaddrFormatException("bad varint at byte " + pos + ": " + e.getMessage(), e);
            }
        }
        return new Multiaddr(List.copyOf(out));
    }

    /**
     * The multiaddr of a socket address, e.g. {@code /ip4/127.0.0.1/tcp/4001}; an IPv6 address with a scope gets an
     * {@code ip6zone} component first. {@code transport} is {@link Protocol#TCP} or {@link Protocol#UDP}. An
     * unresolved address is refused rather than resolved.
     */
    public static Multiaddr fromSocketAddress(InetSocketAddress address, Protocol transport) {
        if (transport != Protocol.TCP && transport != Protocol.UDP) {
            throw new IllegalArgumentException("transport must be tcp or udp, not " + transport);
        }
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address " + address.getHostString());
        }
        List<Component> out = new ArrayList<>(3);
        if (ip instanceof Inet4Address) {
            out.add(Component.fromRaw(Protocol.IP4, ip.getAddress()));
        } else {
            Inet6Address ip6 = (Inet6Address) ip;
            String zone = ip6.getScopedInterface() != null ? ip6.getScopedInterface().getName()
                    : ip6.getScopeId() != 0 ? Integer.toString(ip6.getScopeId()) : null;
            if (zone != null) {
                out.add(Component.of(Protocol.IP6ZONE, zone));
            }
            out.add(Component.fromRaw(Protocol.IP6, ip6.getAddress()));
        }
        out.add(Component.of(transport, Integer.toString(address.getPort())));
        return new Multiaddr(List.copyOf(out));
    }

    /** The components in order; an unmodifiable list. */
    public List<Component> components() {
        return components;
    }

    /** The protocols of the components in order. */
    public List<Protocol> protocols() {
        List<Protocol> out = new ArrayList<>(components.size());
        for (Component c : components) {
            out.add(c.protocol());
        }
        return Collections.unmodifiableList(out);
    }

    public boolean isEmpty() {
        return components.isEmpty();
    }

    public boolean has(Protocol protocol) {
        return first(protocol).isPresent();
    }

    /** The first component of {@code protocol}. */
    public Optional<Component> first(Protocol protocol) {
        for (Component c : components) {
            if (c.protocol() == protocol) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The last component of {@code protocol}. */
    public Optional<Component> last(Protocol protocol) {
        for (int i = components.size() - 1; i >= 0; i--) {
            if (components.get(i).protocol() == protocol) {
                return Optional.of(components.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The text value of the first component of {@code protocol}, as go-multiaddr's {@code ValueForProtocol}:
     * {@code ""} for a protocol without a value, empty when the protocol is absent.
     */
    public Optional<String> valueFor(Protocol protocol) {
        return first(protocol).map(Component::value);
    }

    /** The peer ID of the last {@code p2p} component: behind a relay, the peer at the far end. */
    public Optional<PeerId> peerId() {
        return last(Protocol.P2P).map(c -> PeerIdValue.decode(c.rawValue()));
    }

    /**
     * The address of the first {@code ip4} or {@code ip6} component, built from its bytes without any lookup. An
     * IPv4-mapped IPv6 address comes back as an {@link Inet4Address}, as {@link InetAddress#getByAddress(byte[])}
     * makes it; an {@code ip6zone} is not applied (read it with {@code valueFor(Protocol.IP6ZONE)}).
     */
    public Optional<InetAddress> ipAddress() {
        for (Component c : components) {
            if (c.protocol() == Protocol.IP4 || c.protocol() == Protocol.IP6) {
                return Optional.of(toInetAddress(c));
            }
        }
        return Optional.empty();
    }

    public OptionalInt tcpPort() {
        return port(Protocol.TCP);
    }

    public OptionalInt udpPort() {
        return port(Protocol.UDP);
    }

    private OptionalInt port(Protocol protocol) {
        Optional<Component> c = first(protocol);
        if (c.isEmpty()) {
            return OptionalInt.empty();
        }
        byte[] v = c.get().rawValue();
        return OptionalInt.of(((v[0] & 0xFF) << 8) | (v[1] & 0xFF));
    }

    /**
     * The socket address when this multiaddr starts with an IP address ({@code ip4}, or {@code ip6} optionally after
     * an {@code ip6zone}) followed by {@code tcp} or {@code udp}; empty otherwise, including for {@code dns*} names,
     * which are never resolved here.
     */
    public Optional<InetSocketAddress> toSocketAddress() {
        int i = 0;
        if (i < components.size() && components.get(i).protocol() == Protocol.IP6ZONE) {
            i++;
        }
        if (i + 1 >= components.size()) {
            return Optional.empty();
        }
        Component ip = components.get(i);
        Component transport = components.get(i + 1);
        boolean ipOk = ip.protocol() == Protocol.IP4 && i == 0 || ip.protocol() == Protocol.IP6;
        boolean transportOk = transport.protocol() == Protocol.TCP || transport.protocol() == Protocol.UDP;
        if (!ipOk || !transportOk) {
            return Optional.empty();
        }
        return Optional.of(new InetSocketAddress(toInetAddress(ip), Integer.parseInt(transport.value())));
    }

    private static InetAddress toInetAddress(Component c) {
        try {
            return InetAddress.getByAddress(c.rawValue());
        } catch (UnknownHostException e) {
            // getByAddress only fails on a length other than 4 or 16, which a valid component cannot have.
            throw new AssertionError(e);
        }
    }

    /** This multiaddr followed by {@code other}'s components. */
    public Multiaddr encapsulate(Multiaddr other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<Component> out = new ArrayList<>(components.size() + other.components.size());
        out.addAll(components);
        out.addAll(other.components);
        return of(out);
    }

    /** This multiaddr followed by {@code components}. */
    public Multiaddr encapsulate(Component... components) {
        return encapsulate(of(components));
    }

    /** This multiaddr followed by the parsed {@code text}, e.g. {@code addr.encapsulate("/p2p-circuit")}. */
    public Multiaddr encapsulate(String text) {
        return encapsulate(parse(text));
    }

    /**
     * Removes the last occurrence of {@code other}'s components (as a contiguous run) and everything after it, as
     * go-multiaddr does: {@code /ip4/1.2.3.4/tcp/80} without {@code /tcp/80} is {@code /ip4/1.2.3.4}. Returns this
     * multiaddr when {@code other} is empty or does not occur, and {@link #EMPTY} when it occurs at the start.
     */
    public Multiaddr decapsulate(Multiaddr other) {
        List<Component> needle = other.components;
        if (needle.isEmpty()) {
            return this;
        }
        for (int i = components.size() - needle.size(); i >= 0; i--) {
            if (components.subList(i, i + needle.size()).equals(needle)) {
                return i == 0 ? EMPTY : new Multiaddr(List.copyOf(components.subList(0, i)));
            }
        }
        return this;
    }

    /**
     * Removes the last component of {@code protocol} and everything after it (js-multiaddr's
     * {@code decapsulateCode}); e.g. the transport address of {@code /ip4/.../tcp/4001/p2p/Qm...} is
     * {@code decapsulate(Protocol.P2P)}. Returns this multiaddr when the protocol does not occur.
     */
    public Multiaddr decapsulate(Protocol protocol) {
        for (int i = components.size() - 1; i >= 0; i--) {
            if (components.get(i).protocol() == protocol) {
                return i == 0 ? EMPTY : new Multiaddr(List.copyOf(components.subList(0, i)));
            }
        }
        return this;
    }

    /** The binary form. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    public int byteLength() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr && Arrays.equals(bytes, ((Multiaddr) o).bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Orders by binary form, unsigned. */
    @Override
    public int compareTo(Multiaddr o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** The canonical text form, e.g. {@code /ip6/::1/udp/4001/quic-v1}; {@code /} for {@link #EMPTY}. */
    @Override
    public String toString() {
        return text;
    }
}
