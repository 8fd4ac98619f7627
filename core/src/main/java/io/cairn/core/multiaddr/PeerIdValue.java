package io.cairn.core.multiaddr;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.CidFormatException;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.multiformats.MultihashFormatException;

/**
 * A {@code p2p} peer ID: the bytes are the peer's multihash, which must be sha2-256 with a 32-byte digest or identity
 * (the libp2p peer-id spec, checked as go-multiaddr does). The text accepts a base58btc multihash ({@code Qm...},
 * {@code 12D3KooW...}) or a CIDv1 with the libp2p-key codec in any supported multibase ({@code bafz...},
 * {@code k51...}), and prints base58btc.
 *
 * <p>Base58 and base36 conversions take time quadratic in the length, so a hostile address could stall a parser
 * with one long value. Real peer IDs are short (identity is only used for keys of at most 42 bytes), so the text is
 * capped before decoding and an identity digest at {@link HashFunction#MAX_IDENTITY_DIGEST} bytes, which also bounds
 * the base58 text printed for a value read from the wire.
 */
final class PeerIdValue implements ValueCodec {
    /** Far longer than any peer ID's text form (about 60 characters). */
    static final int MAX_TEXT = 1024;

    @Override
    public byte[] parse(String text) {
        if (text.length() > MAX_TEXT) {
            throw new MultiaddrFormatException("peer ID text of " + text.length() + " characters exceeds "
                    + MAX_TEXT);
        }
        Multihash mh;
        try {
            if (text.startsWith("Qm") || text.startsWith("1")) {
                mh = Multihash.parse(text);
            } else {
                Cid cid = Cid.parse(text);
                if (cid.version() != 1 || !cid.isCodec(Multicodec.LIBP2P_KEY)) {
                    throw new MultiaddrFormatException("p2p CID " + MultiaddrFormatException.quote(text)
                            + " has codec " + Multicodec.nameOf(cid.codec()) + ", not libp2p-key");
                }
                mh = cid.multihash();
            }
        } catch (MultihashFormatException | CidFormatException e) {
            throw new MultiaddrFormatException("invalid peer ID " + MultiaddrFormatException.quote(text) + ": "
                    + e.getMessage(), e);
        }
        check(mh);
        return mh.toBytes();
    }

    @Override
    public String format(byte[] value) {
        return decode(value).toString();
    }

    /** The peer's multihash in {@code value}, checked. */
    static Multihash decode(byte[] value) {
        Multihash mh;
        try {
            mh = Multihash.fromBytes(value);
        } catch (MultihashFormatException e) {
            throw new MultiaddrFormatException("invalid peer ID: " + e.getMessage(), e);
        }
        check(mh);
        return mh;
    }

    private static void check(Multihash mh) {
        if (mh.code() == Multicodec.SHA2_256.code()) {
            if (mh.digestLength() != 32) {
                throw new MultiaddrFormatException("peer ID sha2-256 digest has " + mh.digestLength()
                        + " bytes, not 32");
            }
        } else if (mh.code() == Multicodec.IDENTITY.code()) {
            if (mh.digestLength() > HashFunction.MAX_IDENTITY_DIGEST) {
                throw new MultiaddrFormatException("peer ID identity digest of " + mh.digestLength()
                        + " bytes exceeds " + HashFunction.MAX_IDENTITY_DIGEST);
            }
        } else {
            throw new MultiaddrFormatException("peer ID multihash is " + Multicodec.nameOf(mh.code())
                    + ", not sha2-256 or identity");
        }
    }
}
