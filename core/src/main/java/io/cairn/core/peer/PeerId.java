package io.cairn.core.peer;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.MultihashFormatException;
import java.util.Optional;

/**
 * A libp2p peer ID: the multihash of the peer's {@link PublicKey} protobuf encoding ({@code peer-ids/peer-ids.md}).
 * Keys whose encoding is at most {@value #MAX_INLINE_KEY_LENGTH} bytes (Ed25519, secp256k1) are inlined with the
 * identity multihash, so the ID carries the key and prints as {@code 12D3KooW...}; longer ones (RSA, ECDSA) are
 * hashed with sha2-256 and print as {@code Qm...}.
 *
 * <p>Immutable; equality, hash code and order are over the multihash bytes. {@link #toString()} is the base58btc
 * multihash, as Kubo prints peer IDs. {@link #parse} also takes the CIDv1 form with the {@code libp2p-key} codec in
 * any multibase ({@code bafz...}, {@code k51...}).
 *
 * <p>Accepted multihashes are sha2-256 with a 32-byte digest, or identity of at most
 * {@link HashFunction#MAX_IDENTITY_DIGEST} bytes, as go-multiaddr checks {@code /p2p/} values. That bound also caps
 * the base58 text printed for an ID read from the wire.
 */
public final class PeerId implements Comparable<PeerId> {
    /** Longest public key encoding that is inlined rather than hashed. */
    public static final int MAX_INLINE_KEY_LENGTH = 42;

    private final Multihash multihash;

    private PeerId(Multihash multihash) {
        this.multihash = multihash;
    }

    /** The peer ID of {@code key}: identity multihash of its protobuf when that is at most 42 bytes, else sha2-256. */
    public static PeerId fromPublicKey(PublicKey key) {
        byte[] encoded = key.protobufUnsafe();
        Multihash mh = encoded.length <= MAX_INLINE_KEY_LENGTH
                ? Multihash.of(Multicodec.IDENTITY.code(), encoded)
                : Multihash.digest(HashFunction.SHA2_256, encoded);
        return new PeerId(mh);
    }

    /** Wraps a multihash, checking that it can be a peer ID. */
    public static PeerId fromMultihash(Multihash multihash) {
        check(multihash);
        return new PeerId(multihash);
    }

    /** Parses the binary form: exactly one multihash. */
    public static PeerId fromBytes(byte[] bytes) {
        if (bytes == null) {
            throw new PeerIdFormatException("peer ID bytes are missing");
        }
        try {
            return fromMultihash(Multihash.fromBytes(bytes));
        } catch (MultihashFormatException e) {
            throw new PeerIdFormatException("invalid peer ID: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the text form, as the spec's decoding rules say: text starting with {@code 1} or {@code Qm} is a
     * base58btc multihash; anything else must be a multibase CIDv1 whose codec is {@code libp2p-key}.
     */
    public static PeerId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new PeerIdFormatException("empty peer ID");
        }
        if (text.length() > Cid.MAX_TEXT_LENGTH) {
            throw new PeerIdFormatException("peer ID text of " + text.length() + " characters is too long");
        }
        Multihash mh;
        try {
            if (text.startsWith("1") || text.startsWith("Qm")) {
                mh = Multihash.parse(text);
            } else {
                Cid cid = Cid.parse(text);
                if (cid.version() != 1 || !cid.isCodec(Multicodec.LIBP2P_KEY)) {
                    throw new PeerIdFormatException("invalid peer ID " + quote(text) + ": a CID with codec "
                            + Multicodec.nameOf(cid.codec()) + ", not libp2p-key");
                }
                mh = cid.multihash();
            }
        } catch (MultihashFormatException | CidFormatException e) {
            throw new PeerIdFormatException("invalid peer ID " + quote(text) + ": " + e.getMessage(), e);
        }
        return fromMultihash(mh);
    }

    private static void check(Multihash mh) {
        if (mh.code() == Multicodec.SHA2_256.code()) {
            if (mh.digestLength() != 32) {
                throw new PeerIdFormatException("peer ID sha2-256 digest has " + mh.digestLength()
                        + " bytes, not 32");
            }
        } else if (mh.code() == Multicodec.IDENTITY.code()) {
            if (mh.digestLength() > HashFunction.MAX_IDENTITY_DIGEST) {
                throw new PeerIdFormatException("peer ID identity digest of " + mh.digestLength()
                        + " bytes exceeds " + HashFunction.MAX_IDENTITY_DIGEST);
            }
        } else {
            throw new PeerIdFormatException("peer ID multihash is " + Multicodec.nameOf(mh.code())
                    + ", not sha2-256 or identity");
        }
    }

    private static String quote(String text) {
        return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
    }

    public Multihash multihash() {
        return multihash;
    }

    public byte[] toBytes() {
        return multihash.toBytes();
    }

    /** The CIDv1 form ({@code libp2p-key} codec); its {@code toString()} is base32 ({@code bafz...}). */
    public Cid toCid() {
        return Cid.v1(Multicodec.LIBP2P_KEY, multihash);
    }

    /**
     * The public key inlined in an identity peer ID, if there is one and it decodes; empty for a hashed ID (the
     * key must then come from the peer, for example in identify, and be checked with {@link #matches}).
     */
    public Optional<PublicKey> inlinePublicKey() {
        if (multihash.code() != Multicodec.IDENTITY.code()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PublicKey.fromProtobuf(multihash.digest()));
        } catch (KeyFormatException e) {
            // An identity ID need not carry a well-formed key: "no usable key" is the answer, not an error.
            return Optional.empty();
        }
    }

    /** Whether {@code key} is the key this ID was derived from. */
    public boolean matches(PublicKey key) {
        return equals(fromPublicKey(key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId && multihash.equals(((PeerId) o).multihash);
    }

    @Override
    public int hashCode() {
        return multihash.hashCode();
    }

    @Override
    public int compareTo(PeerId o) {
        return multihash.compareTo(o.multihash);
    }

    /** Base58btc of the multihash ({@code 12D3KooW...}, {@code Qm...}), as Kubo prints it. */
    @Override
    public String toString() {
        return multihash.toString();
    }
}
