package io.cairn.core.peer;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * An ECDSA public key as go-libp2p carries it: {@code Data} is a DER SubjectPublicKeyInfo (Go's
 * {@code x509.MarshalPKIXPublicKey}) with algorithm id-ecPublicKey, a named curve (P-224, P-256, P-384 or P-521,
 * the curves Go's x509 parser knows) and an uncompressed point. Signatures are DER {@code SEQUENCE{r, s}} of ECDSA
 * over SHA-256 whatever the curve.
 *
 * <p>The signature is read as Go's {@code asn1.Unmarshal} into {@code struct{R, S *big.Int}} reads it: the outer
 * SEQUENCE and the two INTEGERs must be valid DER, but elements after s inside the SEQUENCE and bytes after it are
 * ignored. A signature Go accepts is accepted here.
 *
 * <p>js-libp2p 5.x is not compatible with this: it writes the key as {@code SEQUENCE{1, [0] curve, [1] point}} and
 * signs with WebCrypto's raw {@code r || s}; neither parses here, as neither parses in go-libp2p.
 */
final class EcdsaVerifier implements SignatureVerifier {
    /** 1.2.840.10045.2.1 */
    private static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    /** 1.3.132.0.33 */
    private static final byte[] P224 = {0x2b, (byte) 0x81, 0x04, 0x00, 0x21};
    /** 1.2.840.10045.3.1.7 */
    private static final byte[] P256 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
    /** 1.3.132.0.34 */
    private static final byte[] P384 = {0x2b, (byte) 0x81, 0x04, 0x00, 0x22};
    /** 1.3.132.0.35 */
    private static final byte[] P521 = {0x2b, (byte) 0x81, 0x04, 0x00, 0x23};

    private final EcPublicPoint point;

    private EcdsaVerifier(EcPublicPoint point) {
        this.point = point;
    }

    static EcdsaVerifier parse(byte[] spki) {
        DerReader top = DerReader.of(spki);
        DerReader info = top.sequence("ECDSA public key");
        top.expectEnd("ECDSA public key");
        DerReader algorithm = info.sequence("ECDSA key algorithm");
        if (!Arrays.equals(algorithm.oid("ECDSA key algorithm"), EC_PUBLIC_KEY)) {
            throw new KeyFormatException("ECDSA public key's algorithm is not id-ecPublicKey");
        }
        X9ECParameters curve = curve(algorithm.oid("ECDSA key curve"));
        algorithm.expectEnd("ECDSA key algorithm");
        byte[] encoded = info.bitString("ECDSA public key point");
        info.expectEnd("ECDSA public key");
        int fieldBytes = (curve.getCurve().getFieldSize() + 7) / 8;
        if (encoded.length != 1 + 2 * fieldBytes || encoded[0] != 0x04) {
            throw new KeyFormatException("ECDSA public key point is not an uncompressed point of this curve");
        }
        return new EcdsaVerifier(EcPublicPoint.decode(curve, encoded, "ECDSA public key"));
    }

    private static X9ECParameters curve(byte[] oid) {
        String name = Arrays.equals(oid, P256) ? "P-256"
                : Arrays.equals(oid, P384) ? "P-384"
                : Arrays.equals(oid, P521) ? "P-521"
                : Arrays.equals(oid, P224) ? "P-224"
                : null;
        if (name == null) {
            throw new KeyFormatException("ECDSA public key is on an unsupported curve");
        }
        return CustomNamedCurves.getByName(name);
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        BigInteger r;
        BigInteger s;
        try {
            DerReader sig = DerReader.of(signature).sequence("ECDSA signature");
            r = sig.integer("ECDSA signature r");
            s = sig.integer("ECDSA signature s");
        } catch (KeyFormatException notDer) {
            return false;   // Go: asn1.Unmarshal fails, Verify returns false (with an error we have no use for)
        }
        return point.verifyDigest(SignatureVerifier.sha256(message), r, s);
    }
}
