package io.cairn.core.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * The typed-error guarantee for every key type (arbitrary and mutated key bytes give a key or
 * {@link KeyFormatException}; arbitrary and mutated signatures give {@code false}), and signatures made by the JDK's
 * own providers (SunRsaSign, SunEC) and by Bouncy Castle verifying here.
 */
class PublicKeyProperties {
    private static final List<PublicKeyVerifyTest.Vector> VALID = load();

    private static List<PublicKeyVerifyTest.Vector> load() {
        try {
            return PublicKeyVerifyTest.vectors().stream().filter(v -> v.expect().equals("valid"))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<KeyType> types() {
        return Arbitraries.of(KeyType.class);
    }

    @Property
    void arbitraryKeyDataIsTypedError(@ForAll("types") KeyType type, @ForAll @Size(max = 700) byte[] data,
            @ForAll byte[] message, @ForAll byte[] signature) {
        PublicKey key;
        try {
            key = PublicKey.of(type, data);
        } catch (KeyFormatException expected) {
            return;
        }
        key.verify(message, signature);   // an answer, whatever it is
    }

    @Property
    void arbitraryDataAfterAPlausiblePrefixIsTypedError(@ForAll @IntRange(max = 21) int vector,
            @ForAll @IntRange(min = 0, max = 2000) int cut, @ForAll byte[] tail) {
        // Real key bytes cut anywhere and followed by noise reach deep into each parser.
        byte[] data = PublicKey.fromProtobuf(VALID.get(vector % VALID.size()).key()).data();
        byte[] mixed = Arrays.copyOf(data, Math.min(cut, data.length) + tail.length);
        System.arraycopy(tail, 0, mixed, Math.min(cut, data.length), tail.length);
        try {
            PublicKey.of(PublicKey.fromProtobuf(VALID.get(vector % VALID.size()).key()).type(), mixed);
        } catch (KeyFormatException expected) {
            // the one allowed failure
        }
    }

    @Property
    void mutatedKeysAreTypedErrorsOrDoNotVerify(@ForAll @IntRange(max = 21) int vector, @ForAll int position,
            @ForAll byte value) {
        PublicKeyVerifyTest.Vector v = VALID.get(vector % VALID.size());
        byte[] key = v.key().clone();
        key[Math.floorMod(position, key.length)] = value;
        PublicKey parsed;
        try {
            parsed = PublicKey.fromProtobuf(key);
        } catch (KeyFormatException expected) {
            return;
        }
        if (!Arrays.equals(key, v.key())) {
            assertFalse(parsed.verify(v.message(), v.signature()));
        }
    }

    @Property
    void arbitrarySignaturesDoNotVerify(@ForAll @IntRange(max = 21) int vector, @ForAll byte[] signature) {
        PublicKeyVerifyTest.Vector v = VALID.get(vector % VALID.size());
        assertFalse(PublicKey.fromProtobuf(v.key()).verify(v.message(), signature));
    }

    @Property
    void mutatedSignaturesDoNotVerify(@ForAll @IntRange(max = 21) int vector, @ForAll int position,
            @ForAll byte value) {
        PublicKeyVerifyTest.Vector v = VALID.get(vector % VALID.size());
        byte[] sig = v.signature().clone();
        sig[Math.floorMod(position, sig.length)] = value;
        if (!Arrays.equals(sig, v.signature())) {
            assertFalse(PublicKey.fromProtobuf(v.key()).verify(v.message(), sig));
        }
    }

    @Property(tries = 30)
    void jdkEcdsaSignaturesVerify(@ForAll("nistCurves") String curve, @ForAll byte[] message)
            throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = gen.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withECDSA");   // DER SEQUENCE{r, s}, as go-libp2p signs
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] sig = signer.sign();
        PublicKey key = PublicKey.of(KeyType.ECDSA, pair.getPublic().getEncoded());   // X.509 SubjectPublicKeyInfo
        assertTrue(key.verify(message, sig));
        assertArrayEquals(pair.getPublic().getEncoded(), key.data());
        assertFalse(key.verify(Arrays.copyOf(message, message.length + 1), sig));
    }

    @Provide
    Arbitrary<String> nistCurves() {
        return Arbitraries.of("secp256r1", "secp384r1", "secp521r1");
    }

    @Property(tries = 5)
    void jdkRsaSignaturesVerify(@ForAll("rsaBits") int bits, @ForAll byte[] message) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(bits);
        KeyPair pair = gen.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] sig = signer.sign();
        PublicKey key = PublicKey.of(KeyType.RSA, pair.getPublic().getEncoded());
        assertTrue(key.verify(message, sig));
        assertFalse(key.verify(Arrays.copyOf(message, message.length + 1), sig));
    }

    @Provide
    Arbitrary<Integer> rsaBits() {
        return Arbitraries.of(2048, 3072);
    }

    @Property(tries = 50)
    void bouncyCastleSecp256k1SignaturesVerify(@ForAll @Size(32) byte[] secret, @ForAll byte[] message) {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
        BigInteger d = new BigInteger(1, secret).mod(curve.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
        ECDomainParameters domain = new ECDomainParameters(curve);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, domain));
        BigInteger[] rs = signer.generateSignature(SignatureVerifier.sha256(message));
        byte[] der = derSignature(rs[0], rs[1]);
        byte[] point = curve.getG().multiply(d).normalize().getEncoded(true);
        PublicKey key = PublicKey.of(KeyType.SECP256K1, point);
        assertTrue(key.verify(message, der));
        // The high-S twin verifies too (go-libp2p has no low-S rule).
        assertTrue(key.verify(message, derSignature(rs[0], curve.getN().subtract(rs[1]))));
        assertTrue(key.peerId().toString().startsWith("16Uiu2HA"));
    }

    private static byte[] derSignature(BigInteger r, BigInteger s) {
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        byte[] out = new byte[6 + rb.length + sb.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + rb.length + sb.length);
        out[2] = 0x02;
        out[3] = (byte) rb.length;
        System.arraycopy(rb, 0, out, 4, rb.length);
        out[4 + rb.length] = 0x02;
        out[5 + rb.length] = (byte) sb.length;
        System.arraycopy(sb, 0, out, 6 + rb.length, sb.length);
        return out;
    }
}
