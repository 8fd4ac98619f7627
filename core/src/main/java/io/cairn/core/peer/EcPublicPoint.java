package io.cairn.core.peer;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A validated point on a named curve and the ECDSA check with it, shared by secp256k1 and the NIST curves. Both Go
 * libraries go-libp2p uses (decred's secp256k1 and {@code crypto/ecdsa}) verify plain ECDSA: r and s in [1, n-1],
 * the hash truncated to the order's bit length, no low-S rule; Bouncy Castle's {@link ECDSASigner} does the same.
 */
final class EcPublicPoint {
    private final ECPublicKeyParameters key;

    private EcPublicPoint(ECPublicKeyParameters key) {
        this.key = key;
    }

    /**
     * Decodes an SEC 1 point encoding on {@code curve}; the caller has already checked its length and first byte.
     * Bouncy Castle checks that the coordinates are field elements, that the point is on the curve and, for the
     * hybrid forms, that the stated parity matches.
     */
    static EcPublicPoint decode(X9ECParameters curve, byte[] encoded, String what) {
        ECPoint point;
        try {
            point = curve.getCurve().decodePoint(encoded);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new KeyFormatException(what + " is not a point on the curve: " + e.getMessage(), e);
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new KeyFormatException(what + " is not a valid curve point");
        }
        ECDomainParameters domain = new ECDomainParameters(curve);
        return new EcPublicPoint(new ECPublicKeyParameters(point, domain));
    }

    BigInteger order() {
        return key.getParameters().getN();
    }

    /** ECDSA verification of a message digest; any r and s, in or out of range, gives an answer, not an error. */
    boolean verifyDigest(byte[] digest, BigInteger r, BigInteger s) {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        return signer.verifySignature(digest, r, s);
    }
}
