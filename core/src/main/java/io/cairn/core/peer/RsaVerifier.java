package io.cairn.core.peer;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An RSA public key as libp2p carries it: {@code Data} is a DER SubjectPublicKeyInfo (X.509 PKIX) with algorithm
 * rsaEncryption and explicit NULL parameters. Signatures are RSASSA-PKCS1-v1_5 over SHA-256 (RFC 8017 section 8.2).
 *
 * <p>Parsing follows go-libp2p ({@code UnmarshalRsaPublicKey}: Go's x509 parser, then a modulus of 2048 to 8192
 * bits). Verification follows Go's {@code rsa.VerifyPKCS1v15}: the signature must be exactly as long as the modulus
 * and smaller than it, and keys Go's RSA code refuses at use (even modulus, even exponent, exponent below 2 or above
 * 2^31-1) verify nothing. The check encodes the expected block and compares it whole, never parses the decrypted
 * one, so no lenient decoding (missing NULL, short padding) can slip through.
 */
final class RsaVerifier implements SignatureVerifier {
    static final int MIN_BITS = 2048;
    static final int MAX_BITS = 8192;

    /** 1.2.840.113549.1.1.1 */
    private static final byte[] RSA_ENCRYPTION = {
        0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    /** DER of DigestInfo{AlgorithmIdentifier{sha256, NULL}, OCTET STRING(32)} up to the digest (RFC 8017 9.2). */
    private static final byte[] SHA256_DIGEST_INFO = {
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
        0x04, 0x20};
    private static final BigInteger MAX_EXPONENT = BigInteger.valueOf(Integer.MAX_VALUE);

    private final BigInteger modulus;
    private final BigInteger exponent;
    private final int length;

    private RsaVerifier(BigInteger modulus, BigInteger exponent) {
        this.modulus = modulus;
        this.exponent = exponent;
        this.length = (modulus.bitLength() + 7) / 8;
    }

    static RsaVerifier parse(byte[] spki) {
        DerReader top = DerReader.of(spki);
        DerReader info = top.sequence("RSA public key");
        top.expectEnd("RSA public key");
        DerReader algorithm = info.sequence("RSA key algorithm");
        if (!Arrays.equals(algorithm.oid("RSA key algorithm"), RSA_ENCRYPTION)) {
            throw new KeyFormatException("RSA public key's algorithm is not rsaEncryption");
        }
        algorithm.nul("RSA key algorithm parameters");
        algorithm.expectEnd("RSA key algorithm");
        DerReader keyDer = DerReader.of(info.bitString("RSA public key bits"));
        info.expectEnd("RSA public key");
        DerReader key = keyDer.sequence("RSA public key");
        keyDer.expectEnd("RSA public key");
        BigInteger n = key.integer("RSA modulus");
        BigInteger e = key.integer("RSA exponent");
        key.expectEnd("RSA public key");
        if (n.signum() <= 0 || e.signum() <= 0) {
            throw new KeyFormatException("RSA modulus and exponent must be positive");
        }
        if (e.bitLength() > 63) {
            throw new KeyFormatException("RSA exponent does not fit 64 bits"); // Go reads it into an int
        }
        int bits = n.bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new KeyFormatException("RSA key of " + bits + " bits is outside " + MIN_BITS + ".." + MAX_BITS);
        }
        return new RsaVerifier(n, e);
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        if (!modulus.testBit(0) || !exponent.testBit(0) || exponent.compareTo(BigInteger.TWO) < 0
                || exponent.compareTo(MAX_EXPONENT) > 0) {
            return false;
        }
        if (signature.length != length) {
            return false;
        }
        BigInteger s = new BigInteger(1, signature);
        if (s.compareTo(modulus) >= 0) {
            return false;
        }
        byte[] decrypted = toFixedLength(s.modPow(exponent, modulus));
        return MessageDigest.isEqual(decrypted, expectedBlock(message));
    }

    /** EMSA-PKCS1-v1_5: 00 01 FF..FF 00 DigestInfo, as long as the modulus. */
    private byte[] expectedBlock(byte[] message) {
        byte[] em = new byte[length];
        int digestInfoAt = length - SHA256_DIGEST_INFO.length - 32;
        em[1] = 0x01;
        Arrays.fill(em, 2, digestInfoAt - 1, (byte) 0xff);
        System.arraycopy(SHA256_DIGEST_INFO, 0, em, digestInfoAt, SHA256_DIGEST_INFO.length);
        System.arraycopy(SignatureVerifier.sha256(message), 0, em, length - 32, 32);
        return em;
    }

    private byte[] toFixedLength(BigInteger m) {
        byte[] raw = m.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);   // drops the sign byte; m < modulus so nothing else
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
