package io.cairn.core.multiaddr;

import io.cairn.core.peer.PeerId;
import io.cairn.core.peer.PeerIdFormatException;

/**
 * A {@code p2p} value: a {@link PeerId}'s multihash bytes. The text, the checks (sha2-256 with a 32-byte digest, or
 * identity of bounded size, as go-multiaddr checks) and the length cap before the quadratic base58/base36 decode
 * are {@code PeerId}'s; this codec only turns its typed error into the multiaddr's.
 */
final class PeerIdValue implements ValueCodec {
    @Override
    public byte[] parse(String text) {
        try {
            return PeerId.parse(text).toBytes();
        } catch (PeerIdFormatException e) {
            throw new MultiaddrFormatException(e.getMessage(), e);
        }
    }

    @Override
    public String format(byte[] value) {
        return decode(value).toString();
    }

    /** The peer in {@code value}, checked. */
    static PeerId decode(byte[] value) {
        try {
            return PeerId.fromBytes(value);
        } catch (PeerIdFormatException e) {
            throw new MultiaddrFormatException(e.getMessage(), e);
        }
    }
}
