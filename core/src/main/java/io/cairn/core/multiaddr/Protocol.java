package io.cairn.core.multiaddr;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The multiaddr protocols Cairn reads and writes, with the codes, value sizes and names of multiformats'
 * {@code protocols.csv}. A value is fixed-size (written raw), variable-size (written after a varint length), or
 * absent. Binary input with any other code is rejected, because its value length cannot be known.
 */
public enum Protocol {
    IP4(4, 32, "ip4", new Ip4Value()),
    TCP(6, 16, "tcp", new DecimalValue(2, "tcp port")),
    DCCP(33, 16, "dccp", new DecimalValue(2, "dccp port")),
    IP6(41, 128, "ip6", new Ip6Value()),
    IP6ZONE(42, Size.VARIABLE, "ip6zone", new NameValue("ip6 zone")),
    IPCIDR(43, 8, "ipcidr", new DecimalValue(1, "ipcidr prefix length")),
    DNS(53, Size.VARIABLE, "dns", new NameValue("dns name")),
    DNS4(54, Size.VARIABLE, "dns4", new NameValue("dns4 name")),
    DNS6(55, Size.VARIABLE, "dns6", new NameValue("dns6 name")),
    DNSADDR(56, Size.VARIABLE, "dnsaddr", new NameValue("dnsaddr name")),
    SCTP(132, 16, "sctp", new DecimalValue(2, "sctp port")),
    UDP(273, 16, "udp", new DecimalValue(2, "udp port")),
    WEBRTC_DIRECT(280, 0, "webrtc-direct", null),
    WEBRTC(281, 0, "webrtc", null),
    P2P_CIRCUIT(290, 0, "p2p-circuit", null),
    /** Takes the rest of the text form as an absolute path, so it can only be last. */
    UNIX(400, Size.VARIABLE, "unix", new UnixPathValue()),
    /** Also parsed from the old name {@code ipfs}; always printed as {@code p2p}. */
    P2P(421, Size.VARIABLE, "p2p", new PeerIdValue()),
    /** Deprecated alias for {@code /tls/http}, still in use. */
    HTTPS(443, 0, "https", null),
    TLS(448, 0, "tls", null),
    SNI(449, Size.VARIABLE, "sni", new NameValue("sni name")),
    NOISE(454, 0, "noise", null),
    QUIC(460, 0, "quic", null),
    QUIC_V1(461, 0, "quic-v1", null),
    WEBTRANSPORT(465, 0, "webtransport", null),
    CERTHASH(466, Size.VARIABLE, "certhash", new CerthashValue()),
    WS(477, 0, "ws", null),
    /** Deprecated alias for {@code /tls/ws}, still in use. */
    WSS(478, 0, "wss", null),
    HTTP(480, 0, "http", null);

    /** Holds the size marker apart from the enum, whose constants may not refer to its own static fields. */
    private static final class Size {
        static final int VARIABLE = -1;
    }

    private static final Map<String, Protocol> BY_NAME = new HashMap<>();
    private static final Map<Long, Protocol> BY_CODE = new HashMap<>();

    static {
        for (Protocol p : values()) {
            BY_NAME.put(p.protocolName, p);
            BY_CODE.put(p.code, p);
        }
        BY_NAME.put("ipfs", P2P);
    }

    private final long code;
    private final int sizeBits;
    private final String protocolName;
    private final ValueCodec codec;

    Protocol(long code, int sizeBits, String protocolName, ValueCodec codec) {
        this.code = code;
        this.sizeBits = sizeBits;
        this.protocolName = protocolName;
        this.codec = codec;
    }

    /** The multicodec code, written as a varint before the value in the binary form. */
    public long code() {
        return code;
    }

    /** The name used in the text form, e.g. {@code quic-v1}. */
    public String protocolName() {
        return protocolName;
    }

    /** Whether components of this protocol carry a value. */
    public boolean hasValue() {
        return sizeBits != 0;
    }

    /** Whether the value is written after a varint length; otherwise it has {@link #fixedValueLength()} bytes. */
    public boolean isVariableLength() {
        return sizeBits == Size.VARIABLE;
    }

    /** The value's length in bytes for fixed-size protocols (0 for protocols without a value), -1 if variable. */
    public int fixedValueLength() {
        return sizeBits == Size.VARIABLE ? -1 : sizeBits / 8;
    }

    /** Whether the value is a path that takes the rest of the text form (only {@code unix}). */
    public boolean isPath() {
        return this == UNIX;
    }

    /** The protocol named {@code name} in the text form (including the alias {@code ipfs} for {@code p2p}). */
    public static Optional<Protocol> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Optional<Protocol> forCode(long code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    ValueCodec codec() {
        return codec;
    }

    @Override
    public String toString() {
        return protocolName;
    }
}
