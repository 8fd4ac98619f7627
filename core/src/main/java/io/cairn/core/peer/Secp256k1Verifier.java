package io.cairn.core.peer;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * A secp256k1 public key as libp2p carries it: {@code Data} is the SEC 1 point, 33 bytes compressed (what every
 * implementation writes) or 65 bytes uncompressed or hybrid (which go-libp2p, through decred's
 * {@code secp256k1.ParsePubKey}, also reads). Signatures are DER {@code SEQUENCE{r, s}} of ECDSA over SHA-256.
 *
 * <p>The signature parser has decred's {@code ecdsa.ParseDERSignature} rules: 8 to 72 bytes, single-byte lengths
 * that add up exactly, minimal positive INTEGERs, and r, s in [1, n-1]. A high s is accepted, as go-libp2p
 * accepts it; js-libp2p (noble-curves with its default {@code lowS: true}) rejects it, so a high-S signature made
 * by some third implementation would verify with Go and Cairn peers but not with JavaScript ones.
 */
final class Secp256k1Verifier implements SignatureVerifier {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final int COMPRESSED = 33;
    private static final int UNCOMPRESSED = 65;

    private final EcPublicPoint point;

    private Secp256k1Verifier(EcPublicPoint point) {
        this.point = point;
    }

    static Secp256k1Verifier parse(byte[] data) {
        int prefix = data.length == 0 ? -1 : data[0];
        boolean shapeOk = data.length == COMPRESSED ? prefix == 0x02 || prefix == 0x03
                : data.length == UNCOMPRESSED && (prefix == 0x04 || prefix == 0x06 || prefix == 0x07);
        if (!shapeOk) {
            throw new KeyFormatException("secp256k1 public key of " + data.length + " bytes starting "
                    + prefix + " is neither a 33-byte compressed nor a 65-byte uncompressed point");
        }
        return new Secp256k1Verifier(EcPublicPoint.decode(CURVE, data, "secp256k1 public key"));
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        BigInteger[] rs = parseSignature(signature);
        return rs != null && point.verifyDigest(SignatureVerifier.sha256(message), rs[0], rs[1]);
    }

    /** r and s of a strictly encoded signature, or null. */
    private BigInteger[] parseSignature(byte[] sig) {
        int n = sig.length;
        if (n < 8 || n > 72 || sig[0] != 0x30 || (sig[1] & 0xff) != n - 2) {
            return null;
        }
        int rLen = sig[3] & 0xff;
        int sTag = 4 + rLen;
        if (sTag + 1 >= n) {
            return null;
        }
        int sLen = sig[sTag + 1] & 0xff;
        if (sTag + 2 + sLen != n || sig[2] != 0x02 || sig[sTag] != 0x02) {
            return null;
        }
        BigInteger r = positiveInteger(sig, 4, rLen);
        BigInteger s = positiveInteger(sig, sTag + 2, sLen);
        if (r == null || s == null) {
            return null;
        }
        return new BigInteger[] {r, s};
    }

    /** A non-empty, minimal, non-negative INTEGER body in [1, n-1], or null. */
    private BigInteger positiveInteger(byte[] sig, int at, int len) {
        if (len == 0 || (sig[at] & 0x80) != 0 || (len > 1 && sig[at] == 0 && (sig[at + 1] & 0x80) == 0)) {
            return null;
        }
        BigInteger v = new BigInteger(1, java.util.Arrays.copyOfRange(sig, at, at + len));
        return v.signum() > 0 && v.compareTo(point.order()) < 0 ? v : null;
    }
}
