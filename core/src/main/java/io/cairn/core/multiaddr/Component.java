package io.cairn.core.multiaddr;

import io.cairn.core.multiformats.Varint;
import io.cairn.core.peer.PeerId;
import java.util.Arrays;
import java.util.Objects;

/**
 * One protocol of a multiaddr with its value, e.g. {@code /tcp/4001}. Immutable and always valid: the value has been
 * checked against its protocol's rules in both its binary and text forms. Equality is over the binary form.
 */
public final class Component {
    private final Protocol protocol;
    private final byte[] value;
    private final String text;
    private final byte[] bytes;
    private final int hash;

    private Component(Protocol protocol, byte[] value, String text) {
        this.protocol = protocol;
        this.value = value;
        this.text = text;
        int header = Varint.size(protocol.code()) + (protocol.isVariableLength() ? Varint.size(value.length) : 0);
        byte[] b = new byte[header + value.length];
        int o = Varint.write(protocol.code(), b, 0);
        if (protocol.isVariableLength()) {
            o = Varint.write(value.length, b, o);
        }
        System.arraycopy(value, 0, b, o, value.length);
        this.bytes = b;
        this.hash = Arrays.hashCode(b);
    }

    /** A component of a protocol that carries no value, e.g. {@code /quic-v1}. */
    public static Component of(Protocol protocol) {
        if (protocol.hasValue()) {
            throw new IllegalArgumentException(protocol + " needs a value");
        }
        return new Component(protocol, new byte[0], "");
    }

    /**
     * A component from the text form of its value, e.g. {@code of(Protocol.TCP, "4001")}; for {@code unix} the value
     * is the absolute path. Throws {@link MultiaddrFormatException} when the protocol does not accept the value.
     */
    public static Component of(Protocol protocol, String value) {
        Objects.requireNonNull(value, "value");
        if (!protocol.hasValue()) {
            throw new MultiaddrFormatException(protocol + " takes no value, got "
                    + MultiaddrFormatException.quote(value));
        }
        byte[] raw = protocol.codec().parse(value);
        return fromRaw(protocol, raw);
    }

    /** A component from the binary form of its value; throws {@link MultiaddrFormatException} when invalid. */
    public static Component ofRaw(Protocol protocol, byte[] value) {
        return fromRaw(protocol, value.clone());
    }

    /** A {@code /p2p/...} component naming the peer whose ID is {@code peerId}. */
    public static Component p2p(PeerId peerId) {
        return fromRaw(Protocol.P2P, peerId.toBytes());
    }

    /** Checks {@code value} (owned by the caller no longer) and computes its canonical text. */
    static Component fromRaw(Protocol protocol, byte[] value) {
        if (!protocol.hasValue()) {
            if (value.length != 0) {
                throw new MultiaddrFormatException(protocol + " takes no value, got " + value.length + " bytes");
            }
            return new Component(protocol, value, "");
        }
        int fixed = protocol.fixedValueLength();
        if (fixed >= 0 ? value.length != fixed : value.length == 0) {
            throw new MultiaddrFormatException(protocol + " value of " + value.length + " bytes, want "
                    + (fixed >= 0 ? Integer.toString(fixed) : "at least 1"));
        }
        return new Component(protocol, value, protocol.codec().format(value));
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The value in its text form ({@code ""} for a protocol without a value); peer IDs print in base58btc. */
    public String value() {
        return text;
    }

    /** The value in its binary form (empty for a protocol without a value). */
    public byte[] rawValue() {
        return value.clone();
    }

    /** The binary form: {@code varint(code) [varint(length)] value}. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    public int byteLength() {
        return bytes.length;
    }

    int writeTo(byte[] dest, int offset) {
        System.arraycopy(bytes, 0, dest, offset, bytes.length);
        return offset + bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Component && Arrays.equals(bytes, ((Component) o).bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The text form, e.g. {@code /tcp/4001}, {@code /quic-v1} or {@code /unix/tmp/p2p.sock}. */
    @Override
    public String toString() {
        if (!protocol.hasValue()) {
            return "/" + protocol.protocolName();
        }
        // A unix path already starts with '/'.
        return "/" + protocol.protocolName() + (protocol.isPath() ? "" : "/") + text;
    }
}
